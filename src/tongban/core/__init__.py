"""Platform kernel: audit log, problem+json errors, request context, masking, i18n, shells."""
