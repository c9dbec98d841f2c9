// Creates local.settings.json from the sample on first run and fills every empty local credential with a
// fresh random key, so the local desk is never open. Existing keys are kept, so tokens stay valid.
const fs = require('fs');
const crypto = require('crypto');

const [samplePath, settingsPath] = process.argv.slice(2);
const settings = JSON.parse(fs.readFileSync(fs.existsSync(settingsPath) ? settingsPath : samplePath, 'utf8'));
settings.Values = settings.Values || {};
const generated = [];
for (const name of ['LocalHost__FunctionKey', 'Access__StaffKeys', 'Access__TicketTokenKeys']) {
  if (!settings.Values[name]) {
    settings.Values[name] = crypto.randomBytes(32).toString('base64url');
    generated.push(name);
  }
}

if (generated.length > 0 || !fs.existsSync(settingsPath)) {
  fs.writeFileSync(settingsPath, JSON.stringify(settings, null, 2) + '\n', { mode: 0o600 });
  console.log(`Generated ${generated.join(', ') || 'no keys'} in ${settingsPath} (not committed; keep it private).`);
}
