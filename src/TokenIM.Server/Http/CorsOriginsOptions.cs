namespace TokenIM.Server.Http;

/// <summary>Bound from <c>TokenIM:Cors</c>: the web origins that may call the API from a browser.</summary>
public sealed class CorsOriginsOptions
{
    public const string Section = "TokenIM:Cors";

    /// <summary>Origins such as <c>https://chat.example.com</c>, or <c>*</c> for any.</summary>
    public List<string> Origins { get; set; } = [];

    /// <summary>The configured origins as a browser sends them: trimmed, without a trailing slash.</summary>
    public string[] Normalized() =>
        Origins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/')).ToArray();
}
