"""Date and number formats Django does not ship or that Tongban sets differently
(``FORMAT_MODULE_PATH``): Tibetan, which Django lacks, and English in the form government
documents use. Chinese uses Django's own (``2026年1月1日``)."""
