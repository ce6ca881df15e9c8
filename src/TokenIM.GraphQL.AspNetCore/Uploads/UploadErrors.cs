namespace TokenIM.GraphQL.AspNetCore.Uploads;

/// <summary>The wording of the multipart transport's refusals (all coded BAD_REQUEST).</summary>
internal static class UploadErrors
{
    public const string MissingPreflight =
        "A multipart request must carry a non-empty GraphQL-Preflight header (Apollo-Require-Preflight or X-Apollo-Operation-Name " +
        "do too): without it a web page on another site could send the request without the browser asking first.";

    public const string MissingBoundary = "A multipart/form-data Content-Type must name its boundary (at most 70 characters).";
    public const string Malformed = "The multipart body is malformed, or it ends before its closing boundary.";
    public const string PartWithoutName = "Every part of a multipart request needs a Content-Disposition of form-data with a name.";
    public const string OperationsFirst = "The first part of a multipart request must be 'operations'.";
    public const string MapSecond = "The second part of a multipart request must be 'map'.";
    public const string OperationsInvalidJson = "The 'operations' part is not valid JSON.";
    public const string OperationsNotObject = "The 'operations' part must be a JSON object; batches (an array) are not accepted here.";
    public const string MapInvalidJson = "The 'map' part is not valid JSON.";
    public const string MapNotObject = "The 'map' part must be a JSON object from file part names to arrays of paths, e.g. {\"0\":[\"variables.file\"]}.";

    public static string OperationsTooLarge(long limit) => $"The 'operations' part is larger than the limit of {limit} bytes.";

    public static string MapTooLarge(long limit) => $"The 'map' part is larger than the limit of {limit} bytes.";

    public static string MapEntryNotPaths(string name) => $"Entry '{name}' of 'map' must be a non-empty array of path strings.";

    public static string MapNameRepeated(string name) => $"'map' names file '{name}' more than once.";

    public static string PathNotFound(string path) => $"Path '{path}' in 'map' does not exist in the operation's variables.";

    public static string PathNotNull(string path) => $"Path '{path}' in 'map' must point at a null in the operation's variables.";

    public static string PathRepeated(string path) => $"Path '{path}' appears more than once in 'map'.";

    public static string TooManyFiles(int count, int limit) => $"'map' names {count} files; a request may carry at most {limit}.";

    public static string UnexpectedPart(string name) => $"Part '{name}' is not named in 'map'.";

    public static string PartRepeated(string name) => $"Part '{name}' appears more than once.";

    public static string FileMissing(string name) => $"File '{name}' named in 'map' is missing from the request.";

    public static string FileTooLarge(string name, long limit) => $"File '{name}' is larger than the limit of {limit} bytes.";
}
