using CustomerValue.Lifetime.Fitting;

namespace CustomerValue.Tests.Lifetime.Fitting;

public sealed class FitOptionsTests
{
    [Fact]
    public void Defaults_are_plain_maximum_likelihood()
    {
        Assert.Equal(1000, FitOptions.Default.MaxIterations);
        Assert.Equal(0, FitOptions.Default.L2Penalty);
        Assert.Null(FitOptions.Default.InitialValues);
    }

    [Fact]
    public void Invalid_values_are_rejected_when_set_naming_the_field()
    {
        Assert.Contains("MaxIterations", Assert.Throws<ArgumentOutOfRangeException>(() => new FitOptions { MaxIterations = 0 }).Message);
        Assert.Contains("Tolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new FitOptions { Tolerance = double.NaN }).Message);
        Assert.Contains("Tolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new FitOptions { Tolerance = 0 }).Message);
        Assert.Contains("L2Penalty", Assert.Throws<ArgumentOutOfRangeException>(() => new FitOptions { L2Penalty = -1 }).Message);
        Assert.Contains("L2Penalty", Assert.Throws<ArgumentOutOfRangeException>(() => new FitOptions { L2Penalty = double.PositiveInfinity }).Message);
        Assert.Contains("InitialValues[1]", Assert.Throws<ArgumentException>(() => new FitOptions { InitialValues = [1.0, -2.0] }).Message);
    }

    [Fact]
    public void Initial_values_are_copied_so_the_options_stay_immutable()
    {
        var values = new[] { 1.0, 2.0 };
        var options = new FitOptions { InitialValues = values };
        values[0] = 99;
        Assert.Equal(1.0, options.InitialValues![0]);
        Assert.Equal(options, new FitOptions { InitialValues = [1.0, 2.0] });
    }
}
