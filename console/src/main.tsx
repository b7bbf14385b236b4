// The officer console's entry point (built by scripts/build-console.ts into fingerprinted assets).
import { render } from 'preact';
import { App } from './app.tsx';
import './style.css';

const root = document.getElementById('app');
if (root) render(<App />, root);
