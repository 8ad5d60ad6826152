import '../src/tokens.css';
import '../src/document.css';
import './gallery.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Gallery } from './gallery.tsx';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element to render into.');

createRoot(container).render(
  <StrictMode>
    <Gallery />
  </StrictMode>,
);
