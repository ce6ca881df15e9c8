using System.Security.Cryptography;
using System.Text;
using TokenIM.Server.Api;

namespace TokenIM.Server.Auth;

/// <summary>Refresh tokens are 256 random bits; the database keeps only their SHA-256.</summary>
public static class RefreshTokens
{
    public const int FamilyIdMaxLength = 64;

    public static string Generate() => Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new session id; random so that one session's id says nothing about another's.</summary>
    public static string NewFamilyId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
