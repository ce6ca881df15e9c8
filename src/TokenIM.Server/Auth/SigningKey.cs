using TokenIM.Server.Configuration;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace TokenIM.Server.Auth;

/// <summary>The node's HS256 key for access tokens.</summary>
public sealed class SigningKey(byte[] bytes)
{
    public SymmetricSecurityKey SecurityKey { get; } = new(bytes) { KeyId = "tokenim" };

    public SigningCredentials Credentials => new(SecurityKey, SecurityAlgorithms.HmacSha256);

    /// <summary>
    /// The configured key, or in development one generated once and kept in the data directory so
    /// tokens survive a restart. Production never falls back: a guessable or per-node key would let
    /// tokens be forged or break on the next node.
    /// </summary>
    public static SigningKey Load(AuthOptions options, IHostEnvironment environment, string dataDirectory)
    {
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            var configured = Encoding.UTF8.GetBytes(options.SigningKey);
            if (configured.Length < AuthOptions.MinimumSigningKeyBytes)
                throw new InvalidConfigurationException(
                    $"TokenIM__Auth__SigningKey must be at least {AuthOptions.MinimumSigningKeyBytes} bytes long.");
            return new SigningKey(configured);
        }

        if (environment.IsProduction())
            throw new InvalidConfigurationException(
                "TokenIM__Auth__SigningKey is not set. In Production the signing key must be configured " +
                $"(at least {AuthOptions.MinimumSigningKeyBytes} bytes); it is never generated.");

        var path = Path.Combine(dataDirectory, "signing-key");
        if (File.Exists(path)) return new SigningKey(Convert.FromBase64String(File.ReadAllText(path).Trim()));

        Directory.CreateDirectory(dataDirectory);
        var generated = RandomNumberGenerator.GetBytes(64);
        File.WriteAllText(path, Convert.ToBase64String(generated));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new SigningKey(generated);
    }
}
