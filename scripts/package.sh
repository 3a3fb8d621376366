#!/usr/bin/env bash
# Builds what Flex Consumption deploys: the function app (a .NET isolated worker) published for linux-x64,
# and the zip whose root is that publish output.
#   <out>/app                        the publish output: the worker's assemblies, host.json, functions.metadata,
#                                    worker.config.json and .azurefunctions/ (the extensions the host loads)
#   <out>/telemetry-functions.zip    that folder zipped with Unix modes kept (the zip Flex Consumption deploys)
# <out> is the first argument, artifacts/ by default. Needs only the .NET SDK and Node.js.
# Framework-dependent (Flex Consumption brings the .NET runtime named in functionAppConfig.runtime) and
# ReadyToRun (precompiled code: the worker reaches the host sooner after a cold start). READY_TO_RUN=false
# publishes without it.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

out="$(mkdir -p "${1:-artifacts}" && cd "${1:-artifacts}" && pwd)"
app="$out/app"
zip="$out/telemetry-functions.zip"
# Publish's own bin/obj, apart from the everyday build's, so neither invalidates the other.
build="$PWD/artifacts/build"

rm -rf "$app" "$zip"

dotnet publish functions/Telemetry.Functions -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun="${READY_TO_RUN:-true}" -p:DebugType=none \
  --artifacts-path "$build" -o "$app" -nologo -v minimal

# Zip the app root with Unix modes in the external attributes (no zip binary is assumed on the machine).
# Dot-folders such as .azurefunctions/ are part of the app and go in like any other.
node - "$app" "$zip" <<'JS'
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const [root, target] = process.argv.slice(2);

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = buf => {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = crcTable[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const dosDateTime = d => ({
  time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
  date: ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
});

// Directories first, then files, in a stable order.
const entries = [];
(function walk(dir) {
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name), rel = path.relative(root, full).split(path.sep).join("/");
    const stat = fs.statSync(full);
    if (stat.isDirectory()) { entries.push({ rel: rel + "/", stat }); walk(full); }
    else entries.push({ rel, full, stat });
  }
})(root);

const out = fs.openSync(target, "w");
const central = [];
let offset = 0;
const write = buf => { fs.writeSync(out, buf); offset += buf.length; };

for (const e of entries) {
  const name = Buffer.from(e.rel, "utf8");
  const raw = e.full ? fs.readFileSync(e.full) : Buffer.alloc(0);
  const data = raw.length ? zlib.deflateRawSync(raw, { level: 6 }) : raw;
  const method = raw.length ? 8 : 0, crc = crc32(raw), { time, date } = dosDateTime(e.stat.mtime);
  const mode = (e.full ? 0o100000 : 0o040000) | (e.stat.mode & 0o777);

  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6);
  local.writeUInt16LE(method, 8); local.writeUInt16LE(time, 10); local.writeUInt16LE(date, 12);
  local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(raw.length, 22);
  local.writeUInt16LE(name.length, 26); local.writeUInt16LE(0, 28);
  const localOffset = offset;
  write(local); write(name); write(data);

  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0); header.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix
  header.writeUInt16LE(20, 6); header.writeUInt16LE(0x0800, 8); header.writeUInt16LE(method, 10);
  header.writeUInt16LE(time, 12); header.writeUInt16LE(date, 14); header.writeUInt32LE(crc, 16);
  header.writeUInt32LE(data.length, 20); header.writeUInt32LE(raw.length, 24);
  header.writeUInt16LE(name.length, 28); header.writeUInt16LE(0, 30); header.writeUInt16LE(0, 32);
  header.writeUInt16LE(0, 34); header.writeUInt16LE(0, 36);
  header.writeUInt32LE(((mode << 16) | (e.full ? 0 : 0x10)) >>> 0, 38); // Unix mode; MS-DOS directory bit
  header.writeUInt32LE(localOffset, 42);
  central.push(header, name);
}

const centralOffset = offset;
for (const buf of central) write(buf);
const end = Buffer.alloc(22);
end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
end.writeUInt32LE(offset - centralOffset, 12); end.writeUInt32LE(centralOffset, 16);
write(end);
fs.closeSync(out);
console.log(`${target}: ${entries.length} entries, ${offset} bytes`);
JS

echo "app root: $app"
echo "package:  $zip"
