using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Collect.DevServer.Auth;

/// <summary>Who a valid access token was issued to.</summary>
internal sealed record TokenIdentity(string Database, long OperatorRowId, string OperatorId);

/// <summary>
/// Issues and checks tokens. Access tokens are JWT-shaped (<c>header.payload.signature</c>, HS256 with
/// a random key made when the server starts) and carry <c>sub</c> (operator id), <c>rid</c> (its row
/// id), <c>db</c> (the database they are valid for), <c>iat</c>, <c>exp</c> and a random <c>jti</c>.
/// Refresh tokens are 256 random bits, kept in memory and usable once.
/// </summary>
internal sealed class TokenService
{
    private const int MaxTokenLength = 4096;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, RefreshEntry> _refreshTokens = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _accessLifetime;
    private readonly TimeSpan _refreshLifetime;

    private static readonly string Header = Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);

    public TokenService(TimeProvider time, TimeSpan accessLifetime, TimeSpan refreshLifetime)
    {
        _time = time;
        _accessLifetime = accessLifetime;
        _refreshLifetime = refreshLifetime;
    }

    private sealed record RefreshEntry(TokenIdentity Identity, DateTimeOffset Expires);

    /// <summary>Issues an access token and a refresh token.</summary>
    public (string Access, string Refresh) Issue(TokenIdentity identity)
    {
        var now = _time.GetUtcNow();
        var payload = JsonSerializerLite(identity, now.ToUnixTimeSeconds(), (now + _accessLifetime).ToUnixTimeSeconds());
        var unsigned = Header + "." + Base64Url(payload);
        var access = unsigned + "." + Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(unsigned)));

        var refresh = Base64Url(RandomNumberGenerator.GetBytes(32));
        if (_refreshTokens.Count > 10_000) PruneExpired(now);
        _refreshTokens[refresh] = new RefreshEntry(identity, now + _refreshLifetime);
        return (access, refresh);
    }

    /// <summary>Checks an access token: signature, expiry and shape. Null when it is not valid.</summary>
    public TokenIdentity? Validate(string token)
    {
        if (token.Length is 0 or > MaxTokenLength) return null;
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var last = token.LastIndexOf('.');
        if (first <= 0 || last <= first) return null;
        var unsigned = token[..last];
        byte[] signature, payload;
        try
        {
            signature = FromBase64Url(token[(last + 1)..]);
            payload = FromBase64Url(token[(first + 1)..last]);
        }
        catch (FormatException)
        {
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(unsigned)))) return null;
        if (!string.Equals(token[..first], Header, StringComparison.Ordinal)) return null;
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var exp = root.GetProperty("exp").GetInt64();
            if (_time.GetUtcNow().ToUnixTimeSeconds() >= exp) return null;
            return new TokenIdentity(root.GetProperty("db").GetString()!, root.GetProperty("rid").GetInt64(), root.GetProperty("sub").GetString()!);
        }
        catch (Exception e) when (e is JsonException or System.Collections.Generic.KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Uses up a refresh token: the identity it was issued to, or null (unknown, used or expired).</summary>
    public TokenIdentity? Redeem(string refreshToken)
    {
        if (refreshToken.Length is 0 or > MaxTokenLength) return null;
        if (!_refreshTokens.TryRemove(refreshToken, out var entry)) return null;
        return entry.Expires > _time.GetUtcNow() ? entry.Identity : null;
    }

    private void PruneExpired(DateTimeOffset now)
    {
        foreach (var pair in _refreshTokens)
            if (pair.Value.Expires <= now) _refreshTokens.TryRemove(pair.Key, out _);
    }

    private static byte[] JsonSerializerLite(TokenIdentity identity, long issuedAt, long expires)
    {
        using var stream = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("sub", identity.OperatorId);
            writer.WriteNumber("rid", identity.OperatorRowId);
            writer.WriteString("db", identity.Database);
            writer.WriteNumber("iat", issuedAt);
            writer.WriteNumber("exp", expires);
            writer.WriteString("jti", Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static byte[] FromBase64Url(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);
}
