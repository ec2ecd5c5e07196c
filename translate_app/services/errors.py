class ServiceError(Exception):
    """An operation refused; the message is meant for the user."""

    status = 400


class InvalidInput(ServiceError):
    status = 400


class PermissionDenied(ServiceError):
    status = 403


class NotFound(ServiceError):
    status = 404


class Conflict(ServiceError):
    status = 409


class Gone(ServiceError):
    """Asked for an edition that was withdrawn: it is on record, not for readers."""

    status = 410


class NothingChanged(Conflict):
    """A publish would repeat the latest edition word for word; forcing it is allowed."""


class StaleRevision(Conflict):
    """Someone saved first. Carries the current translation so both texts can be shown."""

    def __init__(self, current, message: str = ""):
        super().__init__(
            message
            or f"this segment was saved by someone else (now at revision {current.revision}); "
            "nothing was changed"
        )
        self.current = current


class StorageFailed(ServiceError):
    """A file could not be written (full disk, read-only folder); nothing was changed."""

    status = 507
