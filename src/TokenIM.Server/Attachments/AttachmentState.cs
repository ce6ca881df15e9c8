namespace TokenIM.Server.Attachments;

/// <summary>Where an attachment is on its way from <c>createUpload</c> to a message.</summary>
public enum AttachmentState
{
    /// <summary>Created by <c>createUpload</c>; its bytes have not arrived.</summary>
    PendingUpload,

    /// <summary>A PUT is streaming its bytes now; a second PUT is refused.</summary>
    Receiving,

    /// <summary>Stored, the uploader's alone, not in any message yet.</summary>
    Uploaded,

    /// <summary>Claimed by a send that is queued in the conversation log (see <see cref="Attachment.SendClaim"/>).</summary>
    Sending,

    /// <summary>Part of a committed message: its conversation's members may read it.</summary>
    Attached,
}
