"""Amount trees: the lines of a budget document that end in an amount, nested as printed.

Every budget document lists its money as lines that end in an amount (`1. งบบุคลากร
5,620,850 บาท`), nested by a numbering (`1.`, `1.1`, `1.1.1`, `1)`, `1.1)`, `(1)`, `(1.1)`,
`ก)`, expenditure codes such as `01101-2`) and by headings without one (`ค่าครุภัณฑ์`),
and every parent states the sum of its children. The numbering alone does not settle the
tree (an unnumbered restatement `ค่าตอบแทน ใช้สอยและวัสดุ` may stand between `2.` and
`2.1`; two unnumbered lines may be parent and child or siblings), so the tree is read by
the sums: a line's children are the lines after it that the numbering allows below it,
taken until they add up to its amount. Where they never do (a misprint, an unread figure)
the numbering alone decides, and the parent's `budget_tree_sum` check says mismatch.

Nothing here knows a document family: a recogniser turns its lines into `AmountLine`s and
says which lines open a tree (`is_root`), and gets `Node`s back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from thaiplan.extract.model import Provenance
from thaiplan.normalize.numbers import figure_fits, grouped_as_printed

THAI_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
#: a numbering as printed at the start of a line, then its words
NUMBERING = re.compile(
    r"^(?P<label>\d{5}-\d(?:\s*\(\d+\))?"  # an expenditure code, maybe with its (N)
    r"|\(\d+(?:\.\d+)*\)"  # (1) (1.1)
    r"|\d+(?:\.\d+)*\)"  # 1) 1.1)
    r"|\([ก-ฮ]\)|[ก-ฮ]\)"  # (ก) ก)
    r"|\d+\.(?:\d+(?:\.\d+)*)?)"  # 1. 1.1 1.1.1
    r"\s*(?=\S)"
)
CODE = re.compile(r"^\d{5}-\d")
#: the amount a line ends in, with its unit: `… 3,178,850 บาท`, `… - บาท`, `… 1.5 ล้านบาท`
LINE_AMOUNT = re.compile(r"\s*(-|\d[\d,]*(?:\.\d+)?)\s*(ล้านบาท|บาท)$")

#: the end of a line as OCR may read its amount: the number (a comma read as a dot, or
#: lost: `1.200,000`, `4800,000`, `1.014.100`, maybe a speck after it), then the unit word
#: or what OCR made of it (`ขาท`, `um`)
READ_AMOUNT = re.compile(r"(?<![\d,.])(\d[\d,.]*[,.]\d{3,})[.,]?\s*(\S{1,3})$")


def baht_as_read(value: str, in_column: bool) -> str | None:
    """The line with the amount OCR read at its end as an amount column states it, in
    whole baht: digits whose separators can only group thousands, then บาท, or, for a
    line standing in the amount column, any short word OCR made of it; else None.

    >>> baht_as_read("2.1 ค่าตอบแทน 1,355,780 um", in_column=True)
    '2.1 ค่าตอบแทน 1,355,780 บาท'
    >>> baht_as_read("(1) ค่าจ้าง 1.200,000 บาท", in_column=False)
    '(1) ค่าจ้าง 1,200,000 บาท'
    >>> baht_as_read("2.1 ค่าตอบแทน 1,355,780 um", False), baht_as_read("ร้อยละ 12.5 ของ", True)
    (None, None)
    """
    m = READ_AMOUNT.search(value)
    if m is None or not _grouped(m[1]) or not (in_column or m[2] == "บาท"):
        return None
    return f"{value[: m.start()]}{int(re.sub(r'[,.]', '', m[1])):,} บาท"


def _grouped(number: str) -> bool:
    """Separators that can only group thousands: a comma, or two dots (one dot may be a
    decimal point)."""
    return "," in number or number.count(".") >= 2


@dataclass(frozen=True)
class Numbering:
    """A line's numbering: its style (`9.9`, `(9)`, `ก)`, `code`), the numbers it nests
    under (`1.2` under `1`) and its own number (0 for codes, which are not counted)."""

    style: str
    outer: tuple[str, ...]
    ordinal: int

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        """Lines of one list share the key."""
        return self.style, self.outer

    @property
    def dotted(self) -> tuple[str, ...] | None:
        """`1.2.` -> ('1', '2') for the plain dotted style (`1.`, `1.1`, `1.1.1`)."""
        if self.style.startswith("9") and not self.style.endswith(")"):
            return (*self.outer, str(self.ordinal))
        return None


def numbering_of(label: str) -> Numbering:
    """The numbering of a printed label.

    >>> numbering_of("1.1"), numbering_of("(2)").key, numbering_of("ข)").ordinal
    (Numbering(style='9.9', outer=('1',), ordinal=1), ('(9)', ()), 2)
    >>> numbering_of("01101-2 (1)").style, numbering_of("1.").dotted, numbering_of("1.1)").dotted
    ('code', ('1',), None)
    """
    if CODE.match(label):
        return Numbering("code", (), 0)
    letter = re.search(r"[ก-ฮ]", label)
    if letter:
        return Numbering(label.replace(letter[0], "ก"), (), THAI_LETTERS.index(letter[0]) + 1)
    numbers = re.findall(r"\d+", label)
    style = re.sub(r"\d+", "9", label).rstrip(".") or "9"
    return Numbering(style, tuple(numbers[:-1]), int(numbers[-1]))


@dataclass
class AmountLine:
    """One printed line (wrapped lines joined) that ends in an amount."""

    item: str  # the words, numbering and amount stripped
    numbering: Numbering | None
    label: str | None  # the numbering as printed
    amount: Decimal | None  # None: `-` or unread
    amount_raw: str
    prov: Provenance
    notes: list[str] = field(default_factory=list)  # lines without an amount under it


@dataclass
class Node:
    line: AmountLine
    children: list[Node] = field(default_factory=list)

    def walk(
        self, depth: int = 0, parent: Node | None = None
    ) -> Iterator[tuple[Node, int, Node | None]]:
        """Every node below and including this one, with its depth and parent, in order."""
        yield self, depth, parent
        for child in self.children:
            yield from child.walk(depth + 1, self)


@dataclass
class _Parser:
    lines: list[AmountLine]
    is_root: Callable[[AmountLine], bool]
    memo: dict[tuple[int, tuple], tuple[Node, int]] = field(default_factory=dict)

    def parse(self, index: int, path: tuple[AmountLine, ...]) -> tuple[Node, int]:
        """The node at `index` and the index after its subtree, with `path` its ancestors."""
        key = (index, tuple(id(line) for line in path))
        if key not in self.memo:
            self.memo[key] = self._parse(index, path)
        return self.memo[key]

    def _parse(self, index: int, path: tuple[AmountLine, ...]) -> tuple[Node, int]:
        line = self.lines[index]
        inner = (*path, line)
        if line.amount:  # the children that add up to it
            by_sum = self._children(index + 1, inner, until=line.amount)
            if by_sum is not None:
                return Node(line, by_sum[0]), by_sum[1]
        if self.is_root(line) or self._numbered_below(line, index + 1):
            by_numbering = self._children(index + 1, inner, until=None)
            if by_numbering is not None:
                return Node(line, by_numbering[0]), by_numbering[1]
        return Node(line), index + 1

    def _children(
        self, start: int, path: tuple[AmountLine, ...], until: Decimal | None
    ) -> tuple[list[Node], int] | None:
        """The subtrees after `start` that may stand below `path[-1]`: taken until their
        amounts add up to `until` (None when they never do), or, with no `until`, all of
        them up to the first line the numbering puts elsewhere."""
        children: list[Node] = []
        total = Decimal(0)
        index = start
        while index < len(self.lines) and self._may_stand_below(self.lines[index], path):
            if until is not None and total >= until:
                break
            child, index = self.parse(index, path)
            children.append(child)
            total += child.line.amount or 0
        if not children or (until is not None and total != until):
            return None
        return children, index

    def _numbered_below(self, line: AmountLine, index: int) -> bool:
        """The next line's numbering puts it below numbered `line` (a list's first item,
        an expenditure code, or `2.1` under `2.`): its children then stand by their
        numbering, sums or not."""
        after = self.lines[index].numbering if index < len(self.lines) else None
        if line.numbering is None or after is None:
            return False
        return after.ordinal <= 1 or _extends(line.numbering, after)

    def _may_stand_below(self, line: AmountLine, path: tuple[AmountLine, ...]) -> bool:
        """Whether the numbering lets `line` stand below the last line of `path`."""
        if self.is_root(line):
            return False
        own = line.numbering
        if own is None:
            return True
        for above in path:
            if above.numbering is not None and above.numbering.key == own.key:
                return False  # a sibling of a line on the path: it belongs higher up
        if own.dotted and not _dotted_fits(own, path):
            return False  # `2.` or `1.2` after `1.1`
        codes = own.style == "code" and any(
            a.numbering and a.numbering.style == "code" for a in path
        )
        return not codes  # an expenditure code is never below another


def _extends(outer: Numbering | None, inner: Numbering) -> bool:
    """`2.1` extends `2.` and `2)`; `1.2` does not extend `1.1`.

    >>> _extends(numbering_of("2)"), numbering_of("2.1")), _extends(numbering_of("1.1"), numbering_of("1.2"))
    (True, False)
    """
    if outer is None or inner.dotted is None or outer.style in ("code", "ก)", "(ก)"):
        return False
    numbers = (*outer.outer, str(outer.ordinal))
    return len(inner.dotted) > len(numbers) and inner.dotted[: len(numbers)] == numbers


def _dotted_fits(own: Numbering, path: tuple[AmountLine, ...]) -> bool:
    """A dotted line may stand below the path where the nearest numbered line whose
    numbers it extends (`2.1` under `2)` or `2.`) stands below every dotted line that it
    does not (`1.1`): the numbers say which list it continues."""
    for above in reversed(path):
        if above.numbering is None:
            continue
        if _extends(above.numbering, own):
            return True
        if above.numbering.dotted is not None:
            return False
    return True


def build_trees(lines: list[AmountLine], is_root: Callable[[AmountLine], bool]) -> list[Node]:
    """The trees the lines draw, each opened by a line `is_root` accepts (or by a line no
    tree before it could take)."""
    parser = _Parser(lines, is_root)
    trees: list[Node] = []
    index = 0
    while index < len(lines):
        node, index = parser.parse(index, ())
        trees.append(node)
    return trees


def mend_by_sums(root: Node) -> Iterator[tuple[AmountLine, Decimal]]:
    """Lines whose amount both their children and their parent's sum contradict, set to
    the sum of their children: a digit misread (`2,266,500` for 2,256,500 between a parent
    and a child that both say 2,256,500). Each mended line with the amount it was read as.
    A line with no children, or where any figure it rests on is unread, is left as read."""
    for node, _, parent in root.walk():
        below = _sum(node.children)
        if parent is None or below is None or node.line.amount in (None, below):
            continue
        siblings, stated = _sum(parent.children), parent.line.amount
        if (
            siblings is not None
            and stated is not None
            and siblings - node.line.amount + below == stated
        ):
            read, node.line.amount = node.line.amount, below
            yield node.line, read


def mend_by_parent(root: Node) -> Iterator[tuple[Node, AmountLine, Decimal]]:
    """Items whose amount OCR misread by a digit (`2252` for 2,232), set to their parent's
    amount less the other items: only where that is the one item of the parent whose read
    digits it fits (`figure_fits`), or the one of those whose digits are not grouped as a
    printed amount's are, and the parent's amount is borne out by the sum of its own
    parent. Each mended item with its parent and the amount it was read as."""
    for node, _, above in root.walk():
        items, stated = _sum(node.children), node.line.amount
        if above is None or items is None or stated is None or stated == items:
            continue
        if _sum(above.children) != above.line.amount:
            continue  # the parent's own amount may be the misread one
        fits = [child for child in node.children if _fits_rest(child, stated - items)]
        if len(fits) > 1:
            fits = [child for child in fits if not grouped_as_printed(child.line.amount_raw)]
        if len(fits) == 1:
            line = fits[0].line
            read = line.amount or Decimal(0)
            line.amount = read + stated - items
            yield node, line, read


def _fits_rest(child: Node, gap: Decimal) -> bool:
    """Whether a leaf's read digits fit its amount mended by `gap` within one digit."""
    if child.children or child.line.amount is None or child.line.amount + gap <= 0:
        return False
    return figure_fits(child.line.amount_raw, child.line.amount + gap)


def _sum(nodes: list[Node]) -> Decimal | None:
    """The nodes' amounts added, None when there are none or one is unread."""
    total = Decimal(0)
    for node in nodes:
        if node.line.amount is None:
            return None
        total += node.line.amount
    return total if nodes else None
