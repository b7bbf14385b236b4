export * from './labels.ts';
export * from './model.ts';
export * from './sentences.ts';
export * from './table-grid.ts';
