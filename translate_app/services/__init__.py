"""Operations: load models, call the domain, flush, raise typed errors. Never commit:
the request or the command line decides when a unit of work is done."""
