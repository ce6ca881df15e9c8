-- A new SQLite file's schema and migration history, generated from the model by NewSqliteDatabase.Generate.
-- Do not edit. After a migration, a model change or an EF Core upgrade, regenerate it:
--   TOKENIM_WRITE_SQLITE_SCRIPT=1 dotnet test tests/TokenIM.Tests --filter FullyQualifiedName~NewSqliteDatabaseScriptTests
CREATE TABLE "Conversations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Conversations" PRIMARY KEY AUTOINCREMENT,
    "Kind" TEXT NOT NULL,
    "LastSeq" INTEGER NOT NULL,
    "LastChange" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "LastActivityAt" TEXT NOT NULL,
    "DirectKey" TEXT NULL
);


CREATE TABLE "Users" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Users" PRIMARY KEY AUTOINCREMENT,
    "Username" TEXT NULL,
    "NormalizedUsername" TEXT NULL,
    "DisplayName" TEXT NOT NULL,
    "AvatarUrl" TEXT NULL,
    "PasswordHash" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "DeletedAt" TEXT NULL,
    "LastSeenAt" TEXT NULL
);


CREATE TABLE "ConversationChanges" (
    "ConversationId" INTEGER NOT NULL,
    "Position" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Seq" INTEGER NOT NULL,
    "UserId" INTEGER NULL,
    "Detail" TEXT NULL,
    "CommittedAt" TEXT NOT NULL,
    CONSTRAINT "PK_ConversationChanges" PRIMARY KEY ("ConversationId", "Position"),
    CONSTRAINT "FK_ConversationChanges_Conversations_ConversationId" FOREIGN KEY ("ConversationId") REFERENCES "Conversations" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AuditEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEvents" PRIMARY KEY AUTOINCREMENT,
    "OccurredAt" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Outcome" TEXT NOT NULL,
    "ActorUserId" INTEGER NULL,
    "ActorClientId" TEXT NULL,
    "Target" TEXT NULL,
    "ClientAddress" TEXT NULL,
    "Details" TEXT NULL,
    CONSTRAINT "FK_AuditEvents_Users_ActorUserId" FOREIGN KEY ("ActorUserId") REFERENCES "Users" ("Id") ON DELETE SET NULL
);


CREATE TABLE "ConversationMembers" (
    "ConversationId" INTEGER NOT NULL,
    "UserId" INTEGER NOT NULL,
    "JoinedAt" TEXT NOT NULL,
    "JoinedAtChange" INTEGER NOT NULL,
    "LastReadSeq" INTEGER NOT NULL,
    "MutedUntil" TEXT NULL,
    "Role" TEXT NOT NULL,
    CONSTRAINT "PK_ConversationMembers" PRIMARY KEY ("ConversationId", "UserId"),
    CONSTRAINT "FK_ConversationMembers_Conversations_ConversationId" FOREIGN KEY ("ConversationId") REFERENCES "Conversations" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_ConversationMembers_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Devices" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Devices" PRIMARY KEY AUTOINCREMENT,
    "UserId" INTEGER NOT NULL,
    "Platform" TEXT NOT NULL,
    "Token" TEXT NOT NULL,
    "RegisteredAt" TEXT NOT NULL,
    CONSTRAINT "FK_Devices_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Groups" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Groups" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "Description" TEXT NULL,
    "AvatarUrl" TEXT NULL,
    "ConversationId" INTEGER NOT NULL,
    "CreatedById" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Groups_Conversations_ConversationId" FOREIGN KEY ("ConversationId") REFERENCES "Conversations" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_Groups_Users_CreatedById" FOREIGN KEY ("CreatedById") REFERENCES "Users" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Messages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Messages" PRIMARY KEY AUTOINCREMENT,
    "ConversationId" INTEGER NOT NULL,
    "Seq" INTEGER NOT NULL,
    "SenderId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "ClientMessageId" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "SystemAction" TEXT NULL,
    "TargetId" INTEGER NULL,
    "SystemDetail" TEXT NULL,
    "ReplyToId" INTEGER NULL,
    "ThreadRootId" INTEGER NULL,
    "EditedAt" TEXT NULL,
    "DeletedAt" TEXT NULL,
    CONSTRAINT "FK_Messages_Conversations_ConversationId" FOREIGN KEY ("ConversationId") REFERENCES "Conversations" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_Messages_Messages_ReplyToId" FOREIGN KEY ("ReplyToId") REFERENCES "Messages" ("Id"),
    CONSTRAINT "FK_Messages_Messages_ThreadRootId" FOREIGN KEY ("ThreadRootId") REFERENCES "Messages" ("Id"),
    CONSTRAINT "FK_Messages_Users_SenderId" FOREIGN KEY ("SenderId") REFERENCES "Users" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Messages_Users_TargetId" FOREIGN KEY ("TargetId") REFERENCES "Users" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Notifications" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Notifications" PRIMARY KEY AUTOINCREMENT,
    "RecipientId" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Body" TEXT NULL,
    "Data" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ReadAt" TEXT NULL,
    CONSTRAINT "FK_Notifications_Users_RecipientId" FOREIGN KEY ("RecipientId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE TABLE "RefreshTokens" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RefreshTokens" PRIMARY KEY AUTOINCREMENT,
    "UserId" INTEGER NOT NULL,
    "TokenHash" TEXT NOT NULL,
    "FamilyId" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    "RevokedAt" TEXT NULL,
    CONSTRAINT "FK_RefreshTokens_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE TABLE "UserBlocks" (
    "BlockerId" INTEGER NOT NULL,
    "BlockedId" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "PK_UserBlocks" PRIMARY KEY ("BlockerId", "BlockedId"),
    CONSTRAINT "FK_UserBlocks_Users_BlockedId" FOREIGN KEY ("BlockedId") REFERENCES "Users" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_UserBlocks_Users_BlockerId" FOREIGN KEY ("BlockerId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Attachments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Attachments" PRIMARY KEY AUTOINCREMENT,
    "UploaderId" INTEGER NOT NULL,
    "ConversationId" INTEGER NULL,
    "MessageId" INTEGER NULL,
    "Position" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "StoreKey" TEXT NULL,
    "Sha256" TEXT NULL,
    "Width" INTEGER NULL,
    "Height" INTEGER NULL,
    "ThumbnailKey" TEXT NULL,
    "ThumbnailContentType" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "SendClaim" INTEGER NULL,
    "ClaimedUntil" TEXT NULL,
    CONSTRAINT "FK_Attachments_Conversations_ConversationId" FOREIGN KEY ("ConversationId") REFERENCES "Conversations" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_Attachments_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_Attachments_Users_UploaderId" FOREIGN KEY ("UploaderId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Mentions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Mentions" PRIMARY KEY AUTOINCREMENT,
    "MessageId" INTEGER NOT NULL,
    "ConversationId" INTEGER NOT NULL,
    "Seq" INTEGER NOT NULL,
    "UserId" INTEGER NOT NULL,
    "Named" INTEGER NOT NULL,
    "ViaAll" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Mentions_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_Mentions_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Pins" (
    "MessageId" INTEGER NOT NULL CONSTRAINT "PK_Pins" PRIMARY KEY,
    "ConversationId" INTEGER NOT NULL,
    "PinnedById" INTEGER NOT NULL,
    "PinnedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Pins_Conversations_ConversationId" FOREIGN KEY ("ConversationId") REFERENCES "Conversations" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_Pins_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_Pins_Users_PinnedById" FOREIGN KEY ("PinnedById") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE TABLE "PushDeliveries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PushDeliveries" PRIMARY KEY AUTOINCREMENT,
    "DeliveryId" TEXT NOT NULL,
    "RecipientId" INTEGER NOT NULL,
    "MessageId" INTEGER NOT NULL,
    "Payload" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" TEXT NOT NULL,
    "LeaseOwner" TEXT NULL,
    "LeaseExpiresAt" TEXT NULL,
    "LastError" TEXT NULL,
    "AbandonedAt" TEXT NULL,
    CONSTRAINT "FK_PushDeliveries_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_PushDeliveries_Users_RecipientId" FOREIGN KEY ("RecipientId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Reactions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Reactions" PRIMARY KEY AUTOINCREMENT,
    "MessageId" INTEGER NOT NULL,
    "UserId" INTEGER NOT NULL,
    "Emoji" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Reactions_Messages_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Messages" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_Reactions_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE INDEX "IX_Attachments_ConversationId" ON "Attachments" ("ConversationId");


CREATE INDEX "IX_Attachments_MessageId" ON "Attachments" ("MessageId");


CREATE INDEX "IX_Attachments_State_CreatedAt" ON "Attachments" ("State", "CreatedAt");


CREATE INDEX "IX_Attachments_StoreKey" ON "Attachments" ("StoreKey");


CREATE INDEX "IX_Attachments_ThumbnailKey" ON "Attachments" ("ThumbnailKey") WHERE "ThumbnailKey" IS NOT NULL;


CREATE INDEX "IX_Attachments_UploaderId_State" ON "Attachments" ("UploaderId", "State");


CREATE INDEX "IX_AuditEvents_ActorUserId" ON "AuditEvents" ("ActorUserId");


CREATE INDEX "IX_ConversationChanges_CommittedAt" ON "ConversationChanges" ("CommittedAt");


CREATE INDEX "IX_ConversationMembers_UserId" ON "ConversationMembers" ("UserId");


CREATE UNIQUE INDEX "IX_Conversations_DirectKey" ON "Conversations" ("DirectKey");


CREATE UNIQUE INDEX "IX_Devices_Token" ON "Devices" ("Token");


CREATE INDEX "IX_Devices_UserId" ON "Devices" ("UserId");


CREATE UNIQUE INDEX "IX_Groups_ConversationId" ON "Groups" ("ConversationId");


CREATE INDEX "IX_Groups_CreatedById" ON "Groups" ("CreatedById");


CREATE UNIQUE INDEX "IX_Mentions_MessageId_UserId" ON "Mentions" ("MessageId", "UserId");


CREATE INDEX "IX_Mentions_UserId_Id" ON "Mentions" ("UserId", "Id");


CREATE UNIQUE INDEX "IX_Messages_ConversationId_Seq" ON "Messages" ("ConversationId", "Seq");


CREATE INDEX "IX_Messages_ReplyToId" ON "Messages" ("ReplyToId") WHERE "ReplyToId" IS NOT NULL;


CREATE UNIQUE INDEX "IX_Messages_SenderId_ConversationId_ClientMessageId" ON "Messages" ("SenderId", "ConversationId", "ClientMessageId");


CREATE INDEX "IX_Messages_TargetId" ON "Messages" ("TargetId");


CREATE INDEX "IX_Messages_ThreadRootId_Seq" ON "Messages" ("ThreadRootId", "Seq") WHERE "ThreadRootId" IS NOT NULL;


CREATE INDEX "IX_Notifications_RecipientId_Id" ON "Notifications" ("RecipientId", "Id");


CREATE INDEX "IX_Notifications_RecipientId_ReadAt" ON "Notifications" ("RecipientId", "ReadAt");


CREATE INDEX "IX_Pins_ConversationId_PinnedAt" ON "Pins" ("ConversationId", "PinnedAt");


CREATE INDEX "IX_Pins_PinnedById" ON "Pins" ("PinnedById");


CREATE INDEX "IX_PushDeliveries_AbandonedAt_NextAttemptAt" ON "PushDeliveries" ("AbandonedAt", "NextAttemptAt");


CREATE UNIQUE INDEX "IX_PushDeliveries_DeliveryId" ON "PushDeliveries" ("DeliveryId");


CREATE INDEX "IX_PushDeliveries_MessageId" ON "PushDeliveries" ("MessageId");


CREATE INDEX "IX_PushDeliveries_RecipientId" ON "PushDeliveries" ("RecipientId");


CREATE UNIQUE INDEX "IX_Reactions_MessageId_Emoji_UserId" ON "Reactions" ("MessageId", "Emoji", "UserId");


CREATE INDEX "IX_Reactions_UserId" ON "Reactions" ("UserId");


CREATE INDEX "IX_RefreshTokens_FamilyId" ON "RefreshTokens" ("FamilyId");


CREATE UNIQUE INDEX "IX_RefreshTokens_TokenHash" ON "RefreshTokens" ("TokenHash");


CREATE INDEX "IX_RefreshTokens_UserId" ON "RefreshTokens" ("UserId");


CREATE INDEX "IX_UserBlocks_BlockedId" ON "UserBlocks" ("BlockedId");


CREATE UNIQUE INDEX "IX_Users_NormalizedUsername" ON "Users" ("NormalizedUsername");


CREATE VIRTUAL TABLE "MessageSearch" USING fts5("Body", content='', contentless_delete=1, tokenize='trigram remove_diacritics 1');
CREATE TRIGGER "MessageSearch_Update" AFTER UPDATE OF "Body" ON "Messages" WHEN new."Kind" = 'Text' BEGIN
    DELETE FROM "MessageSearch" WHERE rowid = old."Id";
    INSERT INTO "MessageSearch" (rowid, "Body") SELECT new."Id", new."Body" WHERE new."DeletedAt" IS NULL AND new."Body" <> '';
END;
CREATE TRIGGER "MessageSearch_Delete" AFTER DELETE ON "Messages" WHEN old."Kind" = 'Text' BEGIN
    DELETE FROM "MessageSearch" WHERE rowid = old."Id";
END;

CREATE TABLE "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);
INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129081100_InitialAccounts', '10.0.15');
INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129082716_Messaging', '10.0.15');
INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129082922_RefreshTokenFamilies', '10.0.15');
INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129083325_AuditEvents', '10.0.15');
INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129084732_GroupManagement', '10.0.15');
INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261129090917_PushInterface', '10.0.15');
INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261206025650_ConversationChanges', '10.0.15');
INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261206061743_RepliesAndThreads', '10.0.15');
INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261206062004_MentionsBlockingMuting', '10.0.15');
INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261206063422_ReactionsAndPins', '10.0.15');
INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261206195500_MessageSearch', '10.0.15');
INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261206224257_Attachments', '10.0.15');
