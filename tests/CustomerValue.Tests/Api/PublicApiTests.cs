using System.Reflection;
using System.Runtime.CompilerServices;

namespace CustomerValue.Tests.Api;

/// <summary>Rules the public API keeps, checked by inspecting the assembly (in the spirit of NodaTime's API tests).</summary>
public sealed class PublicApiTests
{
    private static readonly Assembly Library = typeof(TimeUnit).Assembly;

    private static Type[] PublicTypes() => Library.GetExportedTypes();

    private static IEnumerable<Type> SignatureTypes(MemberInfo member) => member switch
    {
        MethodBase m => m.GetParameters().Select(p => p.ParameterType).Append(m is MethodInfo mi ? mi.ReturnType : typeof(void)),
        PropertyInfo p => [p.PropertyType],
        FieldInfo f => [f.FieldType],
        EventInfo e => [e.EventHandlerType!],
        _ => [],
    };

    private static IEnumerable<Type> Flatten(Type t)
    {
        if (t.HasElementType)
        {
            return Flatten(t.GetElementType()!);
        }

        return t.IsGenericType ? t.GetGenericArguments().SelectMany(Flatten).Prepend(t) : [t];
    }

    [Fact]
    public void The_checks_see_the_public_types_and_the_MathNet_dependency()
    {
        // Guards the checks below against passing vacuously.
        Assert.Contains(typeof(CustomerValue.Summaries.CustomerSummaries), PublicTypes());
        Assert.Contains(Library.GetReferencedAssemblies(), a => a.Name == "MathNet.Numerics");
    }

    [Fact]
    public void No_MathNet_type_appears_in_a_public_signature()
    {
        var offenders =
            from type in PublicTypes()
            from member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            from used in SignatureTypes(member).SelectMany(Flatten)
            where used.Namespace?.StartsWith("MathNet", StringComparison.Ordinal) == true
            select $"{type.FullName}.{member.Name} uses {used.FullName}";
        Assert.Empty(offenders);
    }

    [Fact]
    public void Public_classes_are_sealed_static_or_abstract()
    {
        var offenders = PublicTypes()
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract && !typeof(Delegate).IsAssignableFrom(t))
            .Select(t => t.FullName);
        Assert.Empty(offenders);
    }

    [Fact]
    public void Public_types_have_no_public_mutable_state()
    {
        // Results and inputs are immutable: no public fields that can be written and no public setters except init-only ones.
        // The exception is the configuration graph of AddCustomerValue(options => ...), which the Options pattern binds by
        // setting properties; it is validated at start-up and copied into immutable calculators. The list is explicit so
        // that a new mutable type fails here until someone decides it belongs to that graph.
        string[] optionsGraph = ["CustomerValue.CustomerValueOptions", "CustomerValue.LifetimeValueModelOptions"];
        var offenders = new List<string>();
        foreach (var type in PublicTypes().Where(t => !t.IsEnum && !typeof(Delegate).IsAssignableFrom(t)))
        {
            if (optionsGraph.Contains(type.FullName))
            {
                continue;
            }

            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (!field.IsInitOnly && !field.IsLiteral)
                {
                    offenders.Add($"{type.FullName}.{field.Name} (field)");
                }
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                var setter = property.SetMethod;
                if (setter is { IsPublic: true } && !setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)))
                {
                    offenders.Add($"{type.FullName}.{property.Name} (setter)");
                }
            }
        }

        Assert.Empty(offenders);
    }
}
