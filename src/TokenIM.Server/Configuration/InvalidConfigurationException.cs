namespace TokenIM.Server.Configuration;

/// <summary>
/// A setting the node cannot start with. Its message is one sentence for an operator, naming the setting
/// as an environment variable; <see cref="StartupFailure"/> prints it as one line and exits with code 2.
/// </summary>
public sealed class InvalidConfigurationException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
