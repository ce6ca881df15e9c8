namespace TokenIM.Server.Push;

/// <summary>
/// Bound from <c>TokenIM:Push</c>. Without a webhook URL there is no offline push at all: no outbox
/// rows, no worker.
/// </summary>
public sealed class PushOptions
{
    public const string Section = "TokenIM:Push";
    public const int MinimumSecretBytes = 32;

    /// <summary>Where pushes are POSTed (an absolute http(s) URL); empty turns offline push off.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The HMAC-SHA256 key that signs every body; required with a URL, at least 32 bytes.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The wait after the first failed attempt; each further failure doubles it.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A push still undelivered this long after its message is abandoned: the message is old news by then.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a worker's claim on a push lasts; a worker that dies mid-attempt frees its pushes when it lapses.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a worker looks for pushes written by other nodes; this node's own wake it at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(WebhookUrl);

    /// <summary>The wait after the <paramref name="failedAttempts"/>-th failed attempt: 1 s, 2 s, 4 s, … up to the maximum.</summary>
    public TimeSpan RetryDelay(int failedAttempts)
    {
        var doublings = Math.Min(Math.Max(failedAttempts - 1, 0), 30);
        var delay = FirstRetryDelay * Math.Pow(2, doublings);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}
