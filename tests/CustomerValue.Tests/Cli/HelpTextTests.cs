using System.CommandLine;
using System.CommandLine.Completions;
using System.Text.RegularExpressions;

namespace CustomerValue.Tests.Cli;

/// <summary>The help text of every option of every command: each default said once, and the choices it lists are the real ones.</summary>
public sealed partial class HelpTextTests
{
    [GeneratedRegex(@"\bdefault\b", RegexOptions.IgnoreCase)]
    private static partial Regex DefaultWord();

    private static IEnumerable<(string Command, Option Option)> Options()
    {
        var root = CustomerValue.Cli.Program.BuildRoot(TextWriter.Null, TextWriter.Null);
        foreach (var command in root.Subcommands)
        {
            foreach (var option in command.Options)
            {
                yield return (command.Name, option);
            }
        }
    }

    [Fact]
    public void An_option_with_a_default_value_does_not_also_name_it_in_its_description()
    {
        // System.CommandLine prints "[default: x]" after the description of an option with a default value, so a
        // description that says "Default: x" too prints it twice ("Default: week. [default: week]").
        var offenders = Options()
            .Where(o => o.Option.HasDefaultValue && DefaultWord().IsMatch(o.Option.Description ?? string.Empty))
            .Select(o => $"{o.Command} {o.Option.Name}: {o.Option.Description}")
            .ToList();

        Assert.True(offenders.Count == 0, "defaults said twice:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void An_option_that_names_its_choices_names_all_of_them()
    {
        // The accepted values (shown as <a|b|c> in the help) must all be in a description that names any of them.
        var offenders = new List<string>();
        foreach (var (command, option) in Options())
        {
            var choices = option.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
            string description = option.Description ?? string.Empty;
            bool namesSome = choices.Any(c => Regex.IsMatch(description, $@"\b{Regex.Escape(c)}\b"));
            var missing = choices.Where(c => !Regex.IsMatch(description, $@"\b{Regex.Escape(c)}\b")).ToList();
            if (choices.Count > 1 && namesSome && missing.Count > 0 && option.ValueType != typeof(bool))
            {
                offenders.Add($"{command} {option.Name}: '{description}' leaves out {string.Join(", ", missing)}");
            }
        }

        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void Every_repeat_purchase_model_option_lists_every_model_it_reads()
    {
        // Model files hold bgnbd, mbgnbd or pnbd (LifetimeModelJson); every command that reads one reads all three.
        var offenders = Options()
            .Where(o => o.Option.Name == "--model" && (o.Option.Description ?? string.Empty).Contains("mbgnbd", StringComparison.Ordinal))
            .Where(o => !Regex.IsMatch(o.Option.Description!, @"\bpnbd\b"))
            .Select(o => $"{o.Command} --model: {o.Option.Description}")
            .ToList();

        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }
}
