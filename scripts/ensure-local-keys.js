// Creates local.settings.json from the sample on first run and fills every empty local credential with a
// fresh random key, so the local desk is never open. Existing keys are kept, so tokens stay valid.
// Staff keys are named after their holder (name:key): the timeline records who acted.
const fs = require('fs');
const crypto = require('crypto');

const [samplePath, settingsPath] = process.argv.slice(2);
const settings = JSON.parse(fs.readFileSync(fs.existsSync(settingsPath) ? settingsPath : samplePath, 'utf8'));
settings.Values = settings.Values || {};
const localStaff = 'local-staff@support-desk.localhost';
const changed = [];
// The inbound email endpoint's credentials are user:secret, as SendGrid's Inbound Parse URL carries them.
const prefixes = { Access__StaffKeys: `${localStaff}:`, InboundEmail__Credentials: 'sendgrid:' };
for (const name of ['LocalHost__FunctionKey', 'Access__StaffKeys', 'Access__TicketTokenKeys', 'Access__SessionKeys', 'InboundEmail__Credentials']) {
  if (!settings.Values[name]) {
    const key = crypto.randomBytes(32).toString('base64url');
    settings.Values[name] = (prefixes[name] || '') + key;
    changed.push(name);
  }
}

// Keys made before staff keys had names: keep the key, give it the local holder's name.
const staffKeys = settings.Values.Access__StaffKeys.split(/[ ,]+/).filter(Boolean);
if (staffKeys.some(k => !k.includes(':'))) {
  settings.Values.Access__StaffKeys = staffKeys.map(k => (k.includes(':') ? k : `${localStaff}:${k}`)).join(' ');
  changed.push('Access__StaffKeys (named)');
}

if (changed.length > 0 || !fs.existsSync(settingsPath)) {
  fs.writeFileSync(settingsPath, JSON.stringify(settings, null, 2) + '\n', { mode: 0o600 });
  console.log(`Wrote ${changed.join(', ') || 'no keys'} in ${settingsPath} (not committed; keep it private).`);
}
