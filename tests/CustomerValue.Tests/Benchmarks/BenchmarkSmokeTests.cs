using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace CustomerValue.Tests.Benchmarks;

/// <summary>
/// Runs every method of every benchmark class once at a tiny size, so a broken benchmark fails CI (the benchmarks
/// themselves are not run in CI). Each class's integer [Params] are set to a tiny value, then its [GlobalSetup], every
/// [Benchmark] method and its [GlobalCleanup] run in-process.
/// </summary>
public class BenchmarkSmokeTests
{
    private const int TinySize = 2_000;

    public static TheoryData<string> BenchmarkClasses()
    {
        var data = new TheoryData<string>();
        foreach (var type in BenchmarkTypes())
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Fact]
    public void Every_benchmark_class_is_found()
    {
        var names = BenchmarkTypes().Select(t => t.Name).ToArray();
        Assert.Contains("ScoringPipelineBenchmarks", names);
        Assert.Contains("SummaryBenchmarks", names);
    }

    [Theory]
    [MemberData(nameof(BenchmarkClasses))]
    public void Every_benchmark_method_runs_once_at_a_tiny_size(string typeName)
    {
        var type = BenchmarkTypes().Single(t => t.FullName == typeName);
        object instance = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties().Where(p => p.GetCustomAttribute<ParamsAttribute>() is not null))
        {
            var declared = property.GetCustomAttribute<ParamsAttribute>()!.Values;
            object value = property.PropertyType == typeof(int) ? Math.Min(TinySize, declared.Cast<int>().Min()) : declared[0]!;
            property.SetValue(instance, value);
        }

        Invoke<GlobalSetupAttribute>(type, instance);
        var benchmarks = type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null).ToArray();
        Assert.NotEmpty(benchmarks);
        foreach (var method in benchmarks)
        {
            object? result = method.Invoke(instance, null);
            if (method.ReturnType != typeof(void))
            {
                Assert.True(result is not null, $"{type.Name}.{method.Name} returned null");
            }
        }

        Invoke<GlobalCleanupAttribute>(type, instance);
    }

    private static IEnumerable<Type> BenchmarkTypes() =>
        typeof(CustomerValue.Benchmarks.ScoringPipelineBenchmarks).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.IsPublic && t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            .OrderBy(t => t.Name, StringComparer.Ordinal);

    private static void Invoke<TAttribute>(Type type, object instance)
        where TAttribute : Attribute
    {
        foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<TAttribute>() is not null))
        {
            method.Invoke(instance, null);
        }
    }
}
