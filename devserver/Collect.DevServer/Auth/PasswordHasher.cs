using System;
using System.Security.Cryptography;
using System.Text;

namespace Collect.DevServer.Auth;

/// <summary>A stored password: PBKDF2-SHA256 with a random salt, both base64.</summary>
internal sealed record PasswordHash(string Salt, string Hash, int Iterations);

/// <summary>An operator the server creates in every database (with its password).</summary>
internal sealed record SeedOperator(string Id, string Password, string Name, int Level, int Function);

/// <summary>Hashes and checks passwords (PBKDF2 via <see cref="Rfc2898DeriveBytes.Pbkdf2(byte[], byte[], int, HashAlgorithmName, int)"/>).</summary>
internal static class PasswordHasher
{
    public const int Iterations = 100_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static PasswordHash Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return new PasswordHash(Convert.ToBase64String(salt), Convert.ToBase64String(hash), Iterations);
    }

    public static bool Verify(string password, PasswordHash stored)
    {
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(stored.Salt);
            expected = Convert.FromBase64String(stored.Hash);
        }
        catch (FormatException)
        {
            return false;
        }
        if (stored.Iterations < 1 || expected.Length == 0) return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, stored.Iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>The operators of the Collect! demo data, seeded in every database.</summary>
    public static readonly SeedOperator[] DemoOperators =
    [
        new("OWN", "own", "Owner Of The Company", 10, 1),
        new("SYS", "sys", "System Administrator", 10, 1),
        new("MGR", "mgr", "Manager", 5, 2),
        new("SC", "sc", "Sample Collector", 1, 3),
    ];
}
