using System.Diagnostics;
using System.Text.Json;

namespace Reference.Publish.Tests;

/// <summary>One YAML document's verdict from kubernetes-models.</summary>
public sealed record DocumentVerdict(string File, int Index, string? ApiVersion, string? Kind, string Status, string? Error);

/// <summary>
/// Validates YAML against the Kubernetes schemas with the npm package kubernetes-models (installed on first use into a
/// cache folder under the temp directory) and renders kustomize overlays with kubectl. Missing node or kubectl fails.
/// </summary>
public static class ManifestValidator
{
    public const string KubernetesModelsVersion = "4.5.1";
    public const string JsYamlVersion = "4.1.0";

    private static readonly Lazy<string> Cache = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    public static IReadOnlyList<DocumentVerdict> Validate(IEnumerable<string> files)
    {
        var list = files.ToList();
        var verdicts = new List<DocumentVerdict>();
        // Batches keep the command line short.
        foreach (var batch in list.Chunk(200))
        {
            var script = Path.Combine(Cache.Value, "validate-manifests.js");
            var (code, stdout, stderr) = Run("node", [script, .. batch], Cache.Value);
            Assert.True(code == 0, $"node validate-manifests.js failed ({code}): {stderr}");
            verdicts.AddRange(JsonSerializer.Deserialize<List<DocumentVerdict>>(stdout, new JsonSerializerOptions(JsonSerializerDefaults.Web))!);
        }

        return verdicts;
    }

    /// <summary>`kubectl kustomize DIR`: the overlay rendered as one multi-document YAML.</summary>
    public static string Kustomize(string directory)
    {
        var (code, stdout, stderr) = Run("kubectl", ["kustomize", directory], directory);
        Assert.True(code == 0, $"kubectl kustomize {directory} failed ({code}): {stderr}");
        return stdout;
    }

    private static string Install()
    {
        var folder = Path.Combine(Path.GetTempPath(), "reference-platform-manifest-validator", $"km{KubernetesModelsVersion}-jy{JsYamlVersion}");
        var marker = Path.Combine(folder, "installed.ok");
        Directory.CreateDirectory(folder);
        // The script runs from the cache folder so that require() finds the packages installed there.
        File.Copy(Path.Combine(AppContext.BaseDirectory, "validate-manifests.js"), Path.Combine(folder, $"validate-manifests.js"), overwrite: true);
        if (File.Exists(marker))
        {
            return folder;
        }

        // Another test process may install at the same time: hold a lock file while installing.
        using var gate = AcquireLock(Path.Combine(folder, ".lock"));
        if (!File.Exists(marker))
        {
            File.WriteAllText(Path.Combine(folder, "package.json"), "{\"name\":\"manifest-validator\",\"private\":true}\n");
            var (code, stdout, stderr) = Run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", $"kubernetes-models@{KubernetesModelsVersion}", $"js-yaml@{JsYamlVersion}"], folder);
            Assert.True(code == 0, $"npm install kubernetes-models and js-yaml into {folder} failed ({code}): {stdout}\n{stderr}");
            File.WriteAllText(marker, "ok\n");
        }

        return folder;
    }

    private static FileStream AcquireLock(string path)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Held by another process's install; it ends when that install does.
                Thread.Yield();
            }
        }
    }

    private static (int Code, string Stdout, string Stderr) Run(string tool, IEnumerable<string> args, string workingDirectory)
    {
        var info = new ProcessStartInfo(tool) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"'{tool}' is needed to validate the published manifests and was not found on PATH ({ex.Message}); install it (node/npm from nodejs.org, kubectl from kubernetes.io).");
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout, stderr.Result);
        }
    }
}
