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
    /// Why the configured key cannot be used, naming the setting, or null. Production never falls back to a
    /// generated key: a guessable or per-node key would let tokens be forged or break on the next node.
    /// </summary>
    public static string? Problem(AuthOptions options, IHostEnvironment environment)
    {
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            return Encoding.UTF8.GetByteCount(options.SigningKey) < AuthOptions.MinimumSigningKeyBytes
                ? $"TokenIM__Auth__SigningKey must be at least {AuthOptions.MinimumSigningKeyBytes} bytes long."
                : null;
        }
        return environment.IsProduction()
            ? "TokenIM__Auth__SigningKey is not set. In Production the signing key must be configured " +
              $"(at least {AuthOptions.MinimumSigningKeyBytes} bytes); it is never generated."
            : null;
    }

    /// <summary>
    /// The configured key (checked at start-up, <see cref="Problem"/>), or outside Production one generated
    /// once and kept in the data directory so tokens survive a restart.
    /// </summary>
    public static SigningKey Load(AuthOptions options, IHostEnvironment environment, string dataDirectory)
    {
        if (Problem(options, environment) is { } problem) throw new InvalidConfigurationException(problem);
        if (!string.IsNullOrEmpty(options.SigningKey)) return new SigningKey(Encoding.UTF8.GetBytes(options.SigningKey));

        var path = Path.Combine(dataDirectory, "signing-key");
        if (File.Exists(path)) return new SigningKey(Convert.FromBase64String(File.ReadAllText(path).Trim()));

        Directory.CreateDirectory(dataDirectory);
        var generated = RandomNumberGenerator.GetBytes(64);
        File.WriteAllText(path, Convert.ToBase64String(generated));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new SigningKey(generated);
    }
}
