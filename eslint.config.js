// Lint for the whole repository: typescript-eslint on every .ts, eslint-plugin-vue on web/*.vue, and a
// check that every package the code imports is declared in package.json. Formatting is prettier's job.
import js from '@eslint/js'
import importX from 'eslint-plugin-import-x'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', '.data/**', '.tmp/**', 'docs/screenshots/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'import-x': importX },
    rules: {
      // Every import is a declared dependency; tooling and tests may use devDependencies.
      'import-x/no-extraneous-dependencies': [
        'error',
        {
          includeTypes: true,
          devDependencies: ['**/*.test.ts', 'e2e/**', 'bench/**', 'scripts/**', '**/testing/**', '**/test-*.ts', '*.config.{js,ts}'],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Chinese typesetting uses the ideographic space (U+3000) on purpose, e.g. in the printed notice.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }],
      // Layout rules that prettier owns (a template's line breaks and attribute wrapping).
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/first-attribute-linebreak': 'off',
      // Templates pass props and events under their script names (fitTo, @pick), as the codebase always has.
      'vue/attribute-hyphenation': 'off',
      'vue/v-on-event-hyphenation': 'off',
    },
  },
)
