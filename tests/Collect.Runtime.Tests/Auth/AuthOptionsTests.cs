using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime.Internal;
using Xunit;

namespace Collect.Runtime.Tests.Auth;

public sealed class AuthOptionsTests
{
    private static CollectClientOptions Valid() => new()
    {
        BaseAddress = new Uri("https://api.example.com/"),
        OperatorId = "OWN",
        Password = "own",
    };

    [Fact]
    public void The_defaults_follow_the_contract()
    {
        var options = Valid();

        options.Validate();

        Assert.Equal("api/v1/auth/login", options.LoginPath);
        Assert.Equal("api/v1/auth/refresh", options.RefreshPath);
        Assert.Equal("api/v1/collect/app", options.AppPath);
        Assert.Equal("api/v1/collect/ui/forms", options.FormsPath);
        Assert.Equal(TimeSpan.FromMinutes(1), options.TokenRefreshMargin);
        Assert.Equal(TimeSpan.FromSeconds(100), options.RequestTimeout);
        Assert.Equal(new Uri("https://api.example.com/api/v1/auth/login"), options.AuthUri(options.LoginPath));
    }

    [Fact]
    public void A_separate_authorization_server_gets_the_sign_in_paths()
    {
        var options = Valid();
        options.AuthAddress = new Uri("http://192.168.0.10:40000");
        options.RefreshPath = "/custom/refresh/";

        options.Validate();

        Assert.Equal(new Uri("http://192.168.0.10:40000/api/v1/auth/login"), options.AuthUri(options.LoginPath));
        Assert.Equal(new Uri("http://192.168.0.10:40000/custom/refresh"), options.AuthUri(options.RefreshPath));
    }

    [Theory]
    [InlineData("AuthAddress", "relative")]
    [InlineData("AuthAddress", "ftp")]
    [InlineData("OperatorId", "empty")]
    [InlineData("Password", "missing")]
    [InlineData("OperatorId", "missing")]
    [InlineData("CredentialsProvider", "both")]
    [InlineData("LoginPath", "empty")]
    [InlineData("RefreshPath", "query")]
    [InlineData("AppPath", "empty")]
    [InlineData("FormsPath", "scheme")]
    [InlineData("TokenRefreshMargin", "negative")]
    [InlineData("RequestTimeout", "zero")]
    public void Each_invalid_option_is_named_in_the_error(string option, string problem)
    {
        var options = Valid();
        switch (option, problem)
        {
            case ("AuthAddress", "relative"): options.AuthAddress = new Uri("auth/", UriKind.Relative); break;
            case ("AuthAddress", "ftp"): options.AuthAddress = new Uri("ftp://auth.example.com/"); break;
            case ("OperatorId", "empty"): options.OperatorId = " "; break;
            case ("Password", "missing"): options.Password = null; break;
            case ("OperatorId", "missing"): options.OperatorId = null; break;
            case ("CredentialsProvider", "both"): options.CredentialsProvider = _ => ValueTask.FromResult(new CollectCredentials("OWN", "own")); break;
            case ("LoginPath", "empty"): options.LoginPath = "/"; break;
            case ("RefreshPath", "query"): options.RefreshPath = "api/v1/auth/refresh?x=1"; break;
            case ("AppPath", "empty"): options.AppPath = ""; break;
            case ("FormsPath", "scheme"): options.FormsPath = "https://other/forms"; break;
            case ("TokenRefreshMargin", "negative"): options.TokenRefreshMargin = TimeSpan.FromSeconds(-1); break;
            case ("RequestTimeout", "zero"): options.RequestTimeout = TimeSpan.Zero; break;
        }

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.StartsWith("CollectClientOptions." + option + " ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("own\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_are_optional_for_a_record_client_but_needed_to_sign_in()
    {
        var options = new CollectClientOptions { BaseAddress = new Uri("https://api.example.com/") };
        using var http = new System.Net.Http.HttpClient();

        options.Validate();
        var error = Assert.Throws<InvalidOperationException>(() => new CollectSession(http, options));

        Assert.Contains("OperatorId is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("CredentialsProvider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_infinite_timeout_is_allowed()
    {
        var options = Valid();
        options.RequestTimeout = Timeout.InfiniteTimeSpan;
        options.CredentialsProvider = null;

        options.Validate();
    }

    [Fact]
    public void A_credentials_callback_alone_is_enough()
    {
        var options = new CollectClientOptions
        {
            BaseAddress = new Uri("https://api.example.com/"),
            CredentialsProvider = _ => ValueTask.FromResult(new CollectCredentials("OWN", "own")),
        };

        options.ValidateForSignIn();
        Assert.Contains("CredentialsProvider = (set)", options.ToString(), StringComparison.Ordinal);
    }
}

public sealed class JwtExpiryTests
{
    private static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Jwt(string payload) => $"{Part("""{"alg":"HS256"}""")}.{Part(payload)}.c2lnbmF0dXJl";

    [Theory]
    [InlineData("""{"exp":1767254400}""", 1767254400_000)]
    [InlineData("""{"sub":"OWN","nested":{"exp":1},"exp":1767254400.5,"x":[1,2]}""", 1767254400_500)]
    [InlineData("""{"sub":"ÿÿÿ>>>???","exp":1700000000}""", 1700000000_000)] // '-' and '_' in the base64url text
    public void The_exp_claim_of_a_jwt_is_read(string payload, long milliseconds)
    {
        Assert.True(JwtExpiry.TryRead(Jwt(payload), out var expires));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), expires);
    }

    [Theory]
    [InlineData("ABC213.ABC213.ABC213-ABC213")] // the docs' example token
    [InlineData("opaque-token")]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d.e")]
    [InlineData("e30.e30.")] // {} : no exp
    public void Tokens_that_do_not_say_when_they_expire_have_no_expiry(string token)
    {
        Assert.False(JwtExpiry.TryRead(token, out _));
    }

    [Theory]
    [InlineData("""{"exp":"1767254400"}""")]
    [InlineData("""{"exp":-5}""")]
    [InlineData("""{"exp":1e300}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"exp":""")]
    public void A_payload_without_a_usable_exp_has_no_expiry(string payload)
    {
        Assert.False(JwtExpiry.TryRead(Jwt(payload), out _));
    }
}
