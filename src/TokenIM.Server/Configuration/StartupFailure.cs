using Microsoft.Extensions.Options;

namespace TokenIM.Server.Configuration;

/// <summary>
/// How the node stops when its configuration is wrong: one line naming the setting and what is wrong with it,
/// and exit code 2, instead of an unhandled exception's stack trace that buries the one sentence that matters.
/// </summary>
public static class StartupFailure
{
    public const int InvalidConfigurationExitCode = 2;

    /// <summary>The operator's line for a configuration error; null for any other failure (left to crash loudly).</summary>
    public static string? Describe(Exception error) => error switch
    {
        InvalidConfigurationException invalid => invalid.Message,
        OptionsValidationException validation => string.Join(" ", validation.Failures),
        // The configuration binder: "Failed to convert configuration value 'x' at 'TokenIM:Limits:MaxDepth' to type 'System.Int32'."
        InvalidOperationException { InnerException: not null } binding when binding.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
            => binding.Message,
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        _ => null,
    };

    /// <summary>Prints the line for a configuration error and returns the exit code, or returns null to rethrow.</summary>
    public static int? Report(Exception error)
    {
        if (Describe(error) is not { } line) return null;
        Console.Error.WriteLine("TokenIM cannot start: " + line.ReplaceLineEndings(" "));
        return InvalidConfigurationExitCode;
    }
}
