// The officer console's entry point (built by scripts/build-console.ts into fingerprinted assets).
// Placeholder until the console lands: it says so, in Chinese, rather than pretending to work.
const root = document.getElementById('app');
if (root) root.textContent = '控制台正在建设中。';
