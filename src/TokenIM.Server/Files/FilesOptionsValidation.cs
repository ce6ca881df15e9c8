using Microsoft.Extensions.Options;
using TokenIM.Server.Events;

namespace TokenIM.Server.Files;

/// <summary>
/// At start-up: a store that cannot work is refused before the node serves, naming the settings, rather than failing
/// on the first upload, or worse, working on one node and answering 404 on the others.
/// </summary>
public sealed class FilesOptionsValidation(RedisOptions redis) : IValidateOptions<FilesOptions>
{
    public ValidateOptionsResult Validate(string? name, FilesOptions options)
    {
        var problems = new List<string>();
        if (options.Store == FileStoreKind.Local && redis.Clustered && !options.Local.Shared)
        {
            problems.Add("TokenIM__Files__Store is Local but TokenIM__Redis is set, so this node is one of several: each node would keep " +
                         "the files uploaded to it and the others could not serve them. Set TokenIM__Files__Store=S3 with " +
                         "TokenIM__Files__S3__ServiceUrl and TokenIM__Files__S3__Bucket (a bucket every node reaches), or, when every " +
                         "node mounts the same directory, TokenIM__Files__Local__Shared=true.");
        }
        if (options.Store == FileStoreKind.S3)
        {
            if (string.IsNullOrWhiteSpace(options.S3.Bucket))
                problems.Add("TokenIM__Files__Store is S3 but TokenIM__Files__S3__Bucket is not set.");
            if (!string.IsNullOrWhiteSpace(options.S3.ServiceUrl) && !Uri.TryCreate(options.S3.ServiceUrl, UriKind.Absolute, out _))
                problems.Add("TokenIM__Files__S3__ServiceUrl must be an absolute URL such as http://127.0.0.1:8333.");
            if (string.IsNullOrWhiteSpace(options.S3.AccessKeyId) != string.IsNullOrWhiteSpace(options.S3.SecretAccessKey))
                problems.Add("TokenIM__Files__S3__AccessKeyId and TokenIM__Files__S3__SecretAccessKey must be set together.");
            if (string.IsNullOrWhiteSpace(options.S3.Region))
                problems.Add("TokenIM__Files__S3__Region must not be empty (us-east-1 suits most S3-compatible services).");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
