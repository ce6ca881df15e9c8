namespace TokenIM.Server.Log;

/// <summary>
/// A feature's check of a post before it is queued, outside the batch: it may refuse the post (throw an
/// <see cref="Errors.ApiError"/>) or return it with what it read added (the users it mentions), for the
/// followers to use. Guards run in registration order, each given the post the one before returned; like
/// followers, they register themselves and the log knows none of them.
/// </summary>
public interface IPostGuard
{
    Task<PostMessage> CheckAsync(PostMessage post, CancellationToken ct);
}
