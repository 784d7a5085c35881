"""The page numbers a document prints, per PDF page.

The reader hands over the bare number each page prints in its margin. A bare number can
also be a figure that lost its row, so only numbers that run with the PDF pages count:
a number is believed where a page near it in its run prints the number its own offset
predicts. Pages between two believed pages of one run (a full-page table, a chart with
no number) take that run's offset.
"""

from __future__ import annotations

#: how many pages apart two pages of a run may be and still vouch for each other
RUN_GAP = 3


def printed_pages(numbers: dict[int, int]) -> dict[int, int]:
    """PDF page -> the page number printed on it, from the numbers read in the margins.

    >>> printed_pages({2: 310, 3: 311, 5: 313, 6: 7, 9: 1})
    {2: 310, 3: 311, 4: 312, 5: 313}
    """
    offsets = {page: number - page for page, number in numbers.items()}
    believed = {
        page: offset
        for page, offset in offsets.items()
        if any(
            offsets.get(other) == offset
            for other in range(page - RUN_GAP, page + RUN_GAP + 1)
            if other != page
        )
    }
    pages = sorted(believed)
    out: dict[int, int] = {}
    for first, last in zip(pages, pages[1:] + pages[-1:], strict=True):
        same = believed[first] == believed[last] and last - first <= RUN_GAP
        for page in range(first, last + 1 if same else first + 1):
            out[page] = page + believed[first]
    return out
