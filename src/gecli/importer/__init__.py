"""`gecli import`: a published plan (.docx, .pdf, .txt, .doc, .odt) read into the plan model.

Readers, one per format (`readers/`), turn a file into one neutral sequence of blocks
(`blocks.SourceDocument`); one recogniser (`recognise`) turns blocks into a plan, keeping
where each part came from, so that findings can point into the document and uncertain
parts are flagged at their place. The result always loads as a plan: a part that does not
follow the model is left out and flagged, never guessed.
"""

from __future__ import annotations

# Kept here, light: `gecli validate` asks it of every path without loading the importer.
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".txt", ".doc", ".odt", ".rtf")
