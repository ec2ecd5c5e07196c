"""Pure domain code: plain values in, plain values out; no Flask, no SQLAlchemy."""
