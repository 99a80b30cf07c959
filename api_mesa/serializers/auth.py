"""Login and refresh bodies and answers."""

from rest_framework import serializers

from core import api_fields as fields


class LoginSerializer(serializers.Serializer):
    email = fields.EmailField(max_length=254)
    password = fields.TextField(max_length=128, trim_whitespace=False)


class RefreshSerializer(serializers.Serializer):
    refreshToken = fields.TextField()  # noqa: N815 - the contract's name


class UsuarioSerializer(serializers.Serializer):
    """Documents ``accounts.jwt.user_claims``."""

    id = serializers.UUIDField()
    nombre = serializers.CharField()
    email = serializers.EmailField()
    rol = serializers.CharField()
    area = serializers.CharField(allow_null=True)


class LoginResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Access JWT, 8 hours.")
    refreshToken = serializers.CharField(  # noqa: N815
        help_text="Exchange at POST /api/auth/refresh for a new pair."
    )
    usuario = UsuarioSerializer()
