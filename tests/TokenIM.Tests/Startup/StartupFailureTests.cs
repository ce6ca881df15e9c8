using Microsoft.Extensions.Options;
using TokenIM.Server.Configuration;
using TokenIM.Server.RateLimiting;

namespace TokenIM.Tests.Startup;

/// <summary>How a failed options check becomes the operator's line.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public void A_data_annotations_failure_of_a_nested_member_names_the_setting_from_the_section()
    {
        var failure = new OptionsValidationException(Options.DefaultName, typeof(RateLimitingOptions),
            ["DataAnnotation validation failed for 'RateLimitingOptions.Messages' members: 'PermitLimit' with the error: 'The field PermitLimit must be between 1 and 10.'."]);

        Assert.Equal("TokenIM__RateLimiting__Messages__PermitLimit must be between 1 and 10.", StartupFailure.Describe(failure));
    }

    [Fact]
    public void A_failure_our_own_validator_wrote_passes_unchanged()
    {
        var failure = new OptionsValidationException(Options.DefaultName, typeof(RateLimitingOptions),
            ["TokenIM__RateLimiting__Messages__PermitLimit must be at least 1."]);

        Assert.Equal("TokenIM__RateLimiting__Messages__PermitLimit must be at least 1.", StartupFailure.Describe(failure));
    }

    [Fact]
    public void An_error_that_is_not_about_configuration_is_not_described_as_one()
    {
        Assert.Null(StartupFailure.Describe(new IOException("disk full")));
        Assert.Null(StartupFailure.Describe(new AggregateException(new InvalidConfigurationException("x"), new IOException("disk full"))));
    }
}
