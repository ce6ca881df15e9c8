using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Audit;
using TokenIM.Server.Auth;
using TokenIM.Server.Blocking;
using TokenIM.Server.Groups;
using TokenIM.Server.Mentions;
using TokenIM.Server.Notifications;
using TokenIM.Server.Pins;
using TokenIM.Server.Push;
using TokenIM.Server.Reactions;
using TokenIM.Server.Users;
using TokenIM.Server.Log;

namespace TokenIM.Server.Data;

/// <summary>
/// The model, shared by every provider. Each provider has a subclass of its own only so that its
/// migrations (SQL differs between SQLite and PostgreSQL) can live side by side in this assembly;
/// the rest of the code asks for this base type.
/// </summary>
public abstract class TokenIMDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<ConversationMember> ConversationMembers => Set<ConversationMember>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Log.ConversationChange> ConversationChanges => Set<Log.ConversationChange>();
    public DbSet<Reaction> Reactions => Set<Reaction>();
    public DbSet<Pin> Pins => Set<Pin>();
    public DbSet<Group> Groups => Set<Group>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<Device> Devices => Set<Device>();
    public DbSet<PushDelivery> PushDeliveries => Set<PushDelivery>();
    public DbSet<UserMention> Mentions => Set<UserMention>();
    public DbSet<UserBlock> UserBlocks => Set<UserBlock>();
    public DbSet<Attachments.Attachment> Attachments => Set<Attachments.Attachment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TokenIMDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; SQLite keeps no kind, so restore it on the way out, and PostgreSQL's
        // timestamptz accepts only UTC values on the way in.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
