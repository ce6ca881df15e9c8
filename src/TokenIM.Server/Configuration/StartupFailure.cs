using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace TokenIM.Server.Configuration;

/// <summary>
/// How the node stops when its configuration is wrong: one line naming the setting and what is wrong with it,
/// and exit code 2, instead of an unhandled exception's stack trace that buries the one sentence that matters.
/// </summary>
public static partial class StartupFailure
{
    public const int InvalidConfigurationExitCode = 2;

    /// <summary>Any other failure before the node serves (a database it cannot reach, say).</summary>
    public const int StartupFailedExitCode = 1;

    private const string Prefix = "TokenIM cannot start: ";

    /// <summary>The operator's line for a configuration error; null for any other failure (left to crash loudly).</summary>
    public static string? Describe(Exception error) => error switch
    {
        InvalidConfigurationException invalid => invalid.Message,
        OptionsValidationException validation => string.Join(" ", validation.Failures.Select(failure => Named(validation.OptionsType, failure))),
        // The configuration binder: "Failed to convert configuration value 'x' at 'TokenIM:Limits:MaxDepth' to type 'System.Int32'."
        InvalidOperationException { InnerException: not null } binding when binding.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
            => binding.Message,
        // ValidateOnStart gathers the failures of several options classes into one.
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(inner => Describe(inner) is not null)
            => string.Join(" ", aggregate.InnerExceptions.Select(inner => Describe(inner))),
        _ => null,
    };

    /// <summary>
    /// Prints the line for a configuration error and returns the exit code. Any other failure gets a one-line
    /// summary too, then the exception in full for whoever has to fix the code, and exit code 1: left unhandled it
    /// would abort the runtime (exit code 134 and, where enabled, a core dump) for what is an ordinary failure.
    /// </summary>
    public static int? Report(Exception error)
    {
        // The EF Core tools stop the host this way once they have what they need: not a failure.
        if (error is HostAbortedException) return null;
        if (Describe(error) is not { } line)
        {
            Console.Error.WriteLine(Prefix + Summary(error));
            Console.Error.WriteLine(error);
            return StartupFailedExitCode;
        }
        Console.Error.WriteLine(Prefix + line.ReplaceLineEndings(" "));
        return InvalidConfigurationExitCode;
    }

    private static string Summary(Exception error)
    {
        var innermost = error;
        while (innermost is AggregateException { InnerExceptions.Count: 1 } or TargetInvocationException { InnerException: not null })
            innermost = innermost.InnerException!;
        return $"{innermost.GetType().Name}: {innermost.Message.ReplaceLineEndings(" ")} (details follow)";
    }

    /// <summary>
    /// A data-annotations failure names a class and a property ("DataAnnotation validation failed for
    /// 'PushOptions' members: 'PollInterval' with the error: '…'"); an operator knows only settings. Rewritten
    /// as "TokenIM__Push__PollInterval …" from the options class's <c>Section</c> constant. Failures written by
    /// our own validators already name the setting and pass unchanged.
    /// </summary>
    private static string Named(Type optionsType, string failure)
    {
        var match = DataAnnotationFailure().Match(failure);
        if (!match.Success) return failure;

        var section = optionsType.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string
                      ?? TransportSections.GetValueOrDefault(optionsType) ?? optionsType.Name;
        // Nested members are qualified by the path from the options class: 'RateLimitingOptions.Messages'.
        var path = match.Groups["path"].Value;
        var nested = path.IndexOf('.') is var dot and >= 0 ? path[(dot + 1)..].Split('.') : [];
        var member = match.Groups["members"].Value.Split(',', StringSplitOptions.TrimEntries)[0];
        var setting = string.Join("__", section.Split(':').Concat(nested).Append(member));

        var message = match.Groups["error"].Value;
        foreach (var lead in new[] { $"The field {member} ", $"{member} " })
        {
            if (message.StartsWith(lead, StringComparison.Ordinal)) return setting + " " + message[lead.Length..];
        }
        return $"{setting}: {message}";
    }

    // The transport's options classes know nothing of TokenIM's configuration, so their sections are named here.
    private static readonly Dictionary<Type, string> TransportSections = new()
    {
        [typeof(TokenIM.GraphQL.AspNetCore.Uploads.GraphQLUploadOptions)] = Api.ApiServiceCollectionExtensions.UploadsSection,
    };

    [GeneratedRegex(@"^DataAnnotation validation failed for '(?<path>[^']*)' members: '(?<members>[^']*)' with the error: '(?<error>.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();
}
