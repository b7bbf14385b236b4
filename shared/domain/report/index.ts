export * from './generated.ts';
export * from './labels.ts';
export * from './model.ts';
export * from './national-templates.ts';
export * from './placeholders.ts';
export * from './sentences.ts';
export * from './table-grid.ts';
export * from './template.ts';
