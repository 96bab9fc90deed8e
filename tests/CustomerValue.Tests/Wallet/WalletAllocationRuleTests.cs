using CustomerValue.Wallet;
using FsCheck.Xunit;

namespace CustomerValue.Tests.Wallet;

public class WalletAllocationRuleTests
{
    [Theory]
    [InlineData(1, 1, 1.0)]
    [InlineData(1, 2, 2.0 / 3)]
    [InlineData(2, 2, 1.0 / 3)]
    [InlineData(1, 3, 0.5)]
    [InlineData(2, 3, 1.0 / 3)]
    [InlineData(3, 3, 1.0 / 6)]
    [InlineData(1, 5, 5.0 / 15)]
    public void The_formula_gives_the_published_shares(double rank, int brands, double expected) =>
        Assert.Equal(expected, WalletAllocationRule.Share(rank, brands), 12);

    [Fact]
    public void Tied_brands_take_their_average_rank()
    {
        var shares = new double[4];
        WalletAllocationRule.Shares([1, 2, 2, 3], shares);
        // Positions 2 and 3 are tied: both rank 2.5; the last brand is fourth.
        Assert.Equal(WalletAllocationRule.Share(1, 4), shares[0], 12);
        Assert.Equal(WalletAllocationRule.Share(2.5, 4), shares[1], 12);
        Assert.Equal(shares[1], shares[2], 12);
        Assert.Equal(WalletAllocationRule.Share(4, 4), shares[3], 12);
        Assert.Equal(1.0, shares.Sum(), 12);
    }

    [Fact]
    public void A_rank_outside_one_to_n_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WalletAllocationRule.Share(4, 3));

    [Fact]
    public void A_non_finite_rank_names_the_brand()
    {
        var e = Assert.Throws<ArgumentException>(() => WalletAllocationRule.Shares([1, double.NaN], new double[2]));
        Assert.Contains("Brand 2", e.Message);
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool A_customers_shares_over_all_brands_sum_to_one(BrandRanks ranks)
    {
        var shares = new double[ranks.Ranks.Length];
        WalletAllocationRule.Shares(ranks.Ranks, shares);
        return Math.Abs(shares.Sum() - 1) < 1e-12 && shares.All(s => s > 0 && s <= 1);
    }

    [Property(Arbitrary = [typeof(Arbitraries)])]
    public bool A_better_rank_never_gets_a_smaller_share(BrandRanks ranks)
    {
        var r = ranks.Ranks;
        var shares = new double[r.Length];
        WalletAllocationRule.Shares(r, shares);
        for (int i = 0; i < r.Length; i++)
        {
            for (int j = 0; j < r.Length; j++)
            {
                if (r[i] < r[j] && !(shares[i] > shares[j]))
                {
                    return false;
                }

                if (r[i] == r[j] && shares[i] != shares[j])
                {
                    return false;
                }
            }
        }

        return true;
    }
}
