"""Input fields shared by both API faces.

DRF's ``CharField`` turns ``123`` into ``"123"`` and ``UUIDField`` reads an integer as a
UUID. Where a contract says ``string``, a JSON number, boolean, list or object is a 400
naming the field, on both faces.
"""

from rest_framework import serializers


class _StringOnly:
    default_error_messages = {
        "not_a_string": serializers.CharField.default_error_messages["invalid"],
    }

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


class TextField(_StringOnly, serializers.CharField):
    """A JSON string, nothing else."""


class EmailField(_StringOnly, serializers.EmailField):
    """A JSON string holding an e-mail address."""


class UUIDStringField(_StringOnly, serializers.UUIDField):
    """A JSON string holding a UUID (no integers)."""
