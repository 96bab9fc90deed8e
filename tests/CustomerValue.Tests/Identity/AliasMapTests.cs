using CustomerValue.Identity;
using CustomerValue.Summaries;
using CustomerValue.Transactions;

namespace CustomerValue.Tests.Identity;

/// <summary>The alias map: transitive chains, cycles and conflicts named, and the readers applying it.</summary>
public sealed class AliasMapTests
{
    [Fact]
    public void Chains_resolve_to_their_last_id_and_other_ids_are_themselves()
    {
        // a -> b -> c and d -> c: every one of a, b, d is customer c (worked by hand from the pairs).
        var map = AliasMap.Create([("a", "b"), ("b", "c"), ("d", "c"), ("x", "y")]);
        Assert.Equal("c", map.Resolve("a"));
        Assert.Equal("c", map.Resolve("b"));
        Assert.Equal("c", map.Resolve("d"));
        Assert.Equal("c", map.Resolve("c"));
        Assert.Equal("y", map.Resolve("x"));
        Assert.Equal("zzz", map.Resolve("zzz"));
        Assert.Equal("c", map.Resolve("a".AsSpan()).ToString());
        Assert.Equal(4, map.Count);
        Assert.Equal(["c", "y"], map.CanonicalIds);
        Assert.Equal(["a", "b", "d"], map.AliasesOf("c"));
        Assert.Empty(map.AliasesOf("a"));
    }

    [Fact]
    public void A_chain_given_in_reverse_order_resolves_the_same()
    {
        var map = AliasMap.Create([("c", "d"), ("b", "c"), ("a", "b")]);
        Assert.All(new[] { "a", "b", "c" }, id => Assert.Equal("d", map.Resolve(id)));
    }

    [Fact]
    public void A_self_pair_and_a_repeated_pair_change_nothing()
    {
        var map = AliasMap.Create([("c", "c"), ("a", "c"), ("a", "c")]);
        Assert.Equal(1, map.Count);
        Assert.Equal("c", map.Resolve("a"));
        Assert.False(map.IsAlias("c"));
    }

    [Fact]
    public void A_cycle_is_an_error_naming_its_ids()
    {
        var e = Assert.Throws<ArgumentException>(() => AliasMap.Create([("z", "a"), ("a", "b"), ("b", "c"), ("c", "a")]));
        Assert.Contains("cycle", e.Message, StringComparison.Ordinal);
        Assert.Contains("'a' -> 'b' -> 'c' -> 'a'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'z'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_in_a_file_names_the_file_lines_and_ids()
    {
        var e = Assert.Throws<FormatException>(() => AliasMap.Read(new StringReader("alias_id,customer_id\np,q\nq,p\n"), "aliases.csv"));
        Assert.Equal("the aliases form a cycle, so no id is the customer: 'p' -> 'q' -> 'p' ('aliases.csv' lines 2, 3).", e.Message);
    }

    [Fact]
    public void An_alias_with_two_customers_is_an_error_naming_both_lines()
    {
        var e = Assert.Throws<FormatException>(() => AliasMap.Read(new StringReader("customer_id,alias_id\n1,a\n2,a\n"), "m.csv"));
        Assert.Equal("'m.csv' line 3: the alias 'a' is given two customer ids, '1' ('m.csv' line 2) and '2'.", e.Message);
    }

    [Theory]
    [InlineData("alias_id,customer_id\n,1\n", "'m.csv' line 2, field alias_id: the id is empty.")]
    [InlineData("alias_id,customer_id\na\n", "'m.csv' line 2, field customer_id: the id is empty.")]
    [InlineData("alias,customer_id\na,1\n", "'m.csv': the header has no column 'alias_id' (columns: alias, customer_id); an alias map has the columns alias_id,customer_id.")]
    [InlineData("", "'m.csv' is empty: expected a header row with the columns alias_id,customer_id.")]
    public void Bad_files_get_one_clear_message(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => AliasMap.Read(new StringReader(text), "m.csv"));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void The_csv_reader_streaming_and_parallel_paths_read_alias_rows_as_their_customer()
    {
        const string log = "customer_id,date,amount\nold,2020-01-01,10\nnew,2020-02-01,20\nnew,2020-03-01,30\nother,2020-01-05,5\n";
        var options = TransactionCsvOptions.Default with { Aliases = AliasMap.Create([("old", "new")]) };
        var rows = TransactionCsvReader.Read(new StringReader(log), options, new IngestReportBuilder()).ToList();
        Assert.Equal(["new", "new", "new", "other"], rows.Select(r => r.CustomerId));

        var summaries = TransactionSummarizer.Summarize(new StringReader(log), options, new CustomerValue.Summaries.SummaryOptions(new DateOnly(2020, 3, 31), TimeUnit.Day), new IngestReportBuilder(), 2);
        int i = summaries.CustomerIds.ToList().IndexOf("new");
        Assert.Equal(2, summaries.Count);
        Assert.Equal(2, summaries.Frequency[i]);     // purchases on 3 distinct days: 2 repeats
        Assert.Equal(60, summaries.Recency[i]);      // 2020-01-01 to 2020-03-01 = 31 + 29 days
        Assert.Equal(25, summaries.MonetaryValue[i]); // mean of the repeats 20 and 30
    }

    [Fact]
    public void Apply_maps_an_in_memory_log_lazily()
    {
        var map = AliasMap.Create([("a", "b")]);
        var log = new[] { new Transaction("a", new DateTime(2020, 1, 1), 1), new Transaction("c", new DateTime(2020, 1, 2), 2) };
        Assert.Equal(["b", "c"], map.Apply(log).Select(t => t.CustomerId));
        Assert.Same(log, AliasMap.Empty.Apply(log));
    }
}
