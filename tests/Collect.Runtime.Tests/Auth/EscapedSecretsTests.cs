using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime.Internal;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Collect.Runtime.Tests.Auth;

/// <summary>
/// Servers that quote the credentials they were sent, escaped the way real servers escape them: the
/// exception must not carry the secret in any form (as written, JSON-escaped, URL-encoded, HTML-escaped).
/// </summary>
public sealed class EscapedSecretsTests(FakeCollectServer server) : IClassFixture<FakeCollectServer>
{
    private static readonly string[] Passwords =
    [
        "pa+ss+w0rd",
        "say \"hi\" pw",
        @"back\slash\pw",
        "pässwörd€😀",
        "path/to/s3cret",
        "x7",
        "Q",
    ];

    /// <summary>How the echoing server writes the password into its answer.</summary>
    public enum Echo
    {
        /// <summary>JSON with only the required escapes (<c>\"</c>, <c>\\</c>), non-ASCII as UTF-8.</summary>
        JsonMinimal,
        /// <summary>System.Text.Json's default: <c>+</c>, <c>"</c>, non-ASCII as <c>\uXXXX</c>.</summary>
        JsonDefault,
        /// <summary>Every character as <c>\uXXXX</c>.</summary>
        JsonAllUnicode,
        /// <summary>PHP-style: <c>/</c> as <c>\/</c>.</summary>
        JsonSlashes,
        /// <summary>URL-encoded (<c>%2B</c>, UTF-8 bytes) inside a JSON string.</summary>
        JsonUrlEncoded,
        /// <summary>Form-encoded (space as <c>+</c>) inside a JSON string escaped by the default encoder (<c>+</c> as <c>\u002B</c>).</summary>
        JsonFormEncoded,
        /// <summary>An HTML error page with HTML escapes.</summary>
        Html,
        /// <summary>A plain-text body quoting the password as written.</summary>
        PlainText,
    }

    public static IEnumerable<object[]> Cases() =>
        from password in Passwords
        from echo in Enum.GetValues<Echo>()
        select new object[] { password, echo };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_password_echoed_in_any_escaping_never_reaches_the_exception(string password, Echo echo)
    {
        var fake = server.Tenant();
        string? sent = null;
        fake.Intercept = async (context, path) =>
        {
            if (path != FakeCollect.LoginPath) return false;
            using var request = JsonDocument.Parse(fake.To(FakeCollect.LoginPath).Last().Body);
            sent = request.RootElement.GetProperty("op_password").GetString();
            await Answer(context, echo, "Invalid password '", sent!, "' for operator OWN");
            return true;
        };
        using var connection = Connection.Open(fake, options => options.Password = password);

        var error = await Assert.ThrowsAsync<CollectAuthenticationException>(() => connection.Session.SignInAsync());

        Assert.Equal(password, sent);
        // (A one- or two-character password can occur by chance in a stack trace or a type name; the message cannot hold it.)
        var texts = password.Length >= SecretRedactor.MinReplaceableLength
            ? new[] { error.ToString(), error.ServerMessage ?? "", error.BodyExcerpt ?? "", connection.Logs.AllText }
            : new[] { error.Message, error.ServerMessage ?? "", error.BodyExcerpt ?? "" };
        foreach (var text in texts)
        {
            foreach (var form in Forms(password))
                Assert.DoesNotContain(form, text, StringComparison.Ordinal);
        }
        Assert.Contains("POST", error.Message, StringComparison.Ordinal);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        if (password.Length >= SecretRedactor.MinReplaceableLength)
        {
            // Long enough to replace: the rest of the answer stays readable.
            Assert.Contains("Invalid password", error.Message, StringComparison.Ordinal);
            Assert.Contains("***", error.Message, StringComparison.Ordinal);
        }
        else
        {
            // Too short to replace without guessing: the server's words are withheld, and the message says so.
            Assert.Null(error.ServerMessage);
            Assert.Null(error.BodyExcerpt);
            Assert.Contains("not shown", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Echo.JsonMinimal)]
    [InlineData(Echo.JsonAllUnicode)]
    [InlineData(Echo.JsonUrlEncoded)]
    [InlineData(Echo.Html)]
    public async Task A_data_call_never_quotes_the_refresh_or_access_token(Echo echo)
    {
        var fake = server.Tenant();
        fake.App = (context, path) =>
        {
            var tokens = string.Join(" ", fake.IssuedSecrets);
            return Answer(context, echo, "Session ", tokens, " cannot open this form", status: 500);
        };
        using var connection = Connection.Open(fake);

        var error = await Assert.ThrowsAsync<CollectApiException>(() => connection.App.GetFormAsync("f-1"));

        Assert.Equal(2, fake.IssuedSecrets.Count);
        foreach (var text in new[] { error.ToString(), error.ServerMessage ?? "", error.BodyExcerpt ?? "" })
        {
            foreach (var secret in fake.IssuedSecrets)
            {
                foreach (var form in Forms(secret))
                    Assert.DoesNotContain(form, text, StringComparison.Ordinal);
            }
        }
        Assert.Contains("cannot open this form", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"m\":\"pw is p\\u0061\\u002bss%2Bw0rd\"}", "pa+ss+w0rd", "{\"m\":\"pw is ***\"}")]
    [InlineData("{\"m\":\"pw is p\\\\u0061ss\"}", "pass", "{\"m\":\"pw is ***\"}")]
    [InlineData("pw=caf%C3%A9%20bar", "café bar", "pw=***")]
    [InlineData("pw=caf%c3%a9+bar&x=1", "café bar", "pw=***&x=1")]
    [InlineData("a &quot;quoted&#x2F;pw&#34; b", "\"quoted/pw\"", "a *** b")]
    [InlineData("one abc and abc", "abc", "one *** and ***")]
    [InlineData("nothing here", "secret", "nothing here")]
    [InlineData("100% broken \\u12 escapes &#xZZ; %E2%82", "secret", "100% broken \\u12 escapes &#xZZ; %E2%82")]
    public void The_redactor_finds_secrets_in_mixed_escapes(string text, string secret, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(text, [secret], out var withheld));
        Assert.False(withheld);
    }

    [Theory]
    [InlineData("ok", "{\"message\":\"password \\u006f\\u006B refused\"}")]
    [InlineData("ok", "look, no secret is broken")] // "broken" holds "ok": withheld, not guessed at
    [InlineData("é", "caf%C3%A9")]
    public void A_text_quoting_a_short_secret_is_withheld(string secret, string text)
    {
        Assert.Null(SecretRedactor.Redact(text, [secret], out var withheld));
        Assert.True(withheld);
        Assert.Equal("nothing to see", SecretRedactor.Redact("nothing to see", ["ok"], out withheld));
        Assert.False(withheld);
    }

    // The secret as written and in every escaping the tests' servers use.
    private static IEnumerable<string> Forms(string secret) =>
        Enum.GetValues<Echo>().Select(echo => Encode(echo, secret))
            .Append(Encode(Echo.JsonDefault, Encode(Echo.JsonFormEncoded, secret)))
            .Append(Encode(Echo.JsonDefault, Encode(Echo.JsonUrlEncoded, secret)))
            .Append(secret).Distinct(StringComparer.Ordinal);

    // Answers with a message quoting the secret: the secret in the echo's escaping, all in a JSON or HTML body.
    private static Task Answer(HttpContext context, Echo echo, string before, string secret, string after, int status = 401)
    {
        var message = echo is Echo.JsonUrlEncoded or Echo.JsonFormEncoded ? before + Encode(echo, secret) + after : null;
        context.Response.StatusCode = status;
        if (echo is Echo.Html or Echo.PlainText)
        {
            context.Response.ContentType = echo == Echo.Html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
            var body = echo == Echo.Html ? $"<html><body><h1>Error</h1><p>{Encode(echo, before + secret + after)}</p></body></html>" : before + secret + after;
            return context.Response.WriteAsync(body, Encoding.UTF8);
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        var json = message is null ? Encode(echo, before + secret + after) : Encode(Echo.JsonDefault, message);
        return context.Response.WriteAsync($"{{\"status\":{status},\"message\":\"{json}\"}}", Encoding.UTF8);
    }

    // The text as the inside of a JSON string (or an HTML page's text) for each kind of server.
    private static string Encode(Echo echo, string text) => echo switch
    {
        Echo.JsonMinimal => Inner(JsonSerializer.Serialize(text, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })),
        Echo.JsonDefault => Inner(JsonSerializer.Serialize(text)),
        Echo.JsonAllUnicode => string.Concat(text.Select(c => $"\\u{(int)c:X4}")),
        Echo.JsonSlashes => Inner(JsonSerializer.Serialize(text, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })).Replace("/", "\\/", StringComparison.Ordinal),
        Echo.JsonUrlEncoded => Uri.EscapeDataString(text),
        Echo.JsonFormEncoded => WebUtility.UrlEncode(text),
        Echo.Html => WebUtility.HtmlEncode(text),
        Echo.PlainText => text,
        _ => throw new ArgumentOutOfRangeException(nameof(echo)),
    };

    private static string Inner(string jsonString) => jsonString[1..^1];
}
