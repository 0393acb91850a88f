"""`gecli import`: a published plan (.docx, .pdf, .txt, .doc, .odt) read into the plan model.

Readers, one per format (`readers/`), turn a file into one neutral sequence of blocks
(`blocks.SourceDocument`); one recogniser (`recognise`) turns blocks into a plan, keeping
where each part came from, so that findings can point into the document and uncertain
parts can be flagged at their place.
"""
