"""How a channel says that a delivery did not go through."""


class DeliveryFailed(Exception):
    """`outcome` is safe to log and store (a status or an error's type, never a secret);
    `retryable` says whether trying again later may succeed."""

    def __init__(self, outcome: str, *, retryable: bool):
        super().__init__(outcome)
        self.outcome = outcome[:200]
        self.retryable = retryable
