using System.Text;

namespace TokenIM.Server.Push;

/// <summary>
/// Bound from <c>TokenIM:Push</c>. Without a webhook URL there is no offline push at all: no outbox
/// rows, no worker.
/// </summary>
public sealed class PushOptions
{
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

    /// <summary>Stops start-up naming the setting at fault.</summary>
    public PushOptions Validated()
    {
        if (!Enabled) return this;
        if (!Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new InvalidOperationException("TokenIM__Push__WebhookUrl must be an absolute http(s) URL.");
        if (Encoding.UTF8.GetByteCount(WebhookSecret ?? "") < MinimumSecretBytes)
            throw new InvalidOperationException($"TokenIM__Push__WebhookSecret must be at least {MinimumSecretBytes} bytes when a webhook URL is set.");
        Positive(FirstRetryDelay, nameof(FirstRetryDelay));
        Positive(MaxRetryDelay, nameof(MaxRetryDelay));
        Positive(GiveUpAfter, nameof(GiveUpAfter));
        Positive(RequestTimeout, nameof(RequestTimeout));
        Positive(PollInterval, nameof(PollInterval));
        // A claim must outlive the attempt, or a second worker could send the same push while the first still is.
        if (LeaseDuration <= RequestTimeout)
            throw new InvalidOperationException("TokenIM__Push__LeaseDuration must be longer than TokenIM__Push__RequestTimeout.");
        return this;
    }

    private static void Positive(TimeSpan value, string setting)
    {
        if (value <= TimeSpan.Zero) throw new InvalidOperationException($"TokenIM__Push__{setting} must be a positive time span.");
    }
}
