"""The context stage: the sections in force at every block, the document's own vocabulary
(unit names it spells out), table helpers and what the document says about itself."""
