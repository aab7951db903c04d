"""Language data kept apart from the algorithms (as spaCy keeps `spacy/lang/<xx>/`): one sub-package per language."""
