// ar-aging launcher (shared by bin/ar.js and bin/ar-aging.js): runs the toolkit from dist/.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export async function runToolkit(args, archiver) {
  const main = new URL("../dist/cli/main.js", import.meta.url);
  if (!existsSync(fileURLToPath(main))) {
    process.stderr.write("ar: the toolkit is not built (dist/ is missing): run `npm install` or `npm run build` in its folder\n");
    process.exitCode = 2;
    return;
  }
  for (const stream of [process.stdout, process.stderr]) {
    // A closed pipe (`ar age big.csv | head`) ends the run quietly, as for any Unix filter.
    stream.on("error", (e) => {
      if (e && e.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const { runCli } = await import(main.href);
  const code = await runCli(args, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() }, archiver);
  process.exitCode = code;
}
