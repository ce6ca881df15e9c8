namespace TokenIM.Server.Attachments;

public sealed record CreateUploadInput(string FileName, string ContentType, long Size);

/// <summary>What <c>createUpload</c> answers: where to PUT the bytes, until when.</summary>
public sealed record CreateUploadResult(long AttachmentId, string UploadUrl, DateTime ExpiresAt);

/// <summary>What <c>uploadFile</c> answers.</summary>
public sealed record UploadFileResult(Attachment Attachment);
