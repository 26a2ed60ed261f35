using System;
using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Collect.Runtime.Internal;

/// <summary>
/// Reads when an access token expires, when the token says so: a JWT (three base64url parts) whose
/// payload is a JSON object with a numeric <c>exp</c> claim (seconds since 1970). The signature is
/// not checked; the server does that. Anything else has no known expiry.
/// </summary>
internal static class JwtExpiry
{
    // Payloads larger than this are not JWTs an API hands out.
    private const int MaxPayloadChars = 16 * 1024;

    /// <summary>Reads the <c>exp</c> claim of <paramref name="token"/>; false when it has none.</summary>
    public static bool TryRead(string? token, out DateTimeOffset expires)
    {
        expires = default;
        if (string.IsNullOrEmpty(token)) return false;
        var first = token.IndexOf('.', StringComparison.Ordinal);
        if (first <= 0) return false;
        var second = token.IndexOf('.', first + 1);
        // Exactly three parts: a signed JWT. Five parts would be an encrypted one, whose payload cannot be read.
        if (second < 0 || token.IndexOf('.', second + 1) >= 0) return false;
        var payload = token.AsSpan(first + 1, second - first - 1);
        if (payload.IsEmpty || payload.Length > MaxPayloadChars) return false;

        var bytes = ArrayPool<byte>.Shared.Rent(payload.Length + 3);
        try
        {
            if (!TryDecodeBase64Url(payload, bytes, out var length)) return false;
            return TryReadExp(bytes.AsSpan(0, length), out expires);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static bool TryDecodeBase64Url(ReadOnlySpan<char> text, byte[] bytes, out int length)
    {
        length = 0;
        // base64url → base64 with padding, as ASCII bytes, decoded in place.
        var padded = (text.Length + 3) / 4 * 4;
        if (padded - text.Length == 3) return false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            bytes[i] = c switch
            {
                '-' => (byte)'+',
                '_' => (byte)'/',
                >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' => (byte)c,
                _ => 0,
            };
            if (bytes[i] == 0) return false;
        }
        for (var i = text.Length; i < padded; i++) bytes[i] = (byte)'=';
        return Base64.DecodeFromUtf8InPlace(bytes.AsSpan(0, padded), out length) == OperationStatus.Done;
    }

    private static bool TryReadExp(ReadOnlySpan<byte> json, out DateTimeOffset expires)
    {
        expires = default;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isExp = reader.ValueTextEquals("exp"u8);
                if (!reader.Read()) return false;
                if (!isExp)
                {
                    reader.Skip();
                    continue;
                }
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var seconds)) return false;
                // Within what DateTimeOffset can hold (years 1970 to 9999).
                if (double.IsNaN(seconds) || seconds < 0 || seconds > 253_402_300_799) return false;
                expires = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
                return true;
            }
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
