#!/usr/bin/env node
// ar-aging launcher: always the accounts-receivable toolkit (never the archiver).
import { runToolkit } from "./launch.js";

await runToolkit(process.argv.slice(2), undefined);
