" Vim with Debian's vim-ale, set up as docs/editors.md tells users, plus a
" function that waits for ALE to finish and writes the location list to
" $RESULT. The linter settings come from the environment:
"   $TIDY    the clang-tidy executable (clang-tidy-19, or toctou-tidy)
"   $PLUGIN  the plugin to --load, or empty
set nocompatible
filetype plugin on

" --- what docs/editors.md says ----------------------------------------------
let g:ale_linters = {'c': ['clangtidy'], 'cpp': ['clangtidy']}
let g:ale_c_clangtidy_executable = $TIDY
let g:ale_c_clangtidy_checks = ['-*', 'toctou-*']
if !empty($PLUGIN)
  let g:ale_c_clangtidy_extra_options = '--load=' . $PLUGIN
endif
let g:ale_c_build_dir_names = ['build', 'out', '_build']
packadd ale
" -----------------------------------------------------------------------------

let g:ale_linters_explicit = 1
let g:ale_set_loclist = 1
" The location list is set when the results come, not from a timer after.
let g:ale_set_lists_synchronously = 1

" ALE says when a lint has finished (its User ALELintPost event): wait for
" that, not for a job to be seen running, which on a loaded machine may not
" have started yet when the first check comes.
let g:lint_done = 0
augroup WaitForAle
  autocmd!
  autocmd User ALELintPost let g:lint_done = 1
augroup END

function! WaitForLint() abort
  let l:waited = 0
  while (!g:lint_done || ale#engine#IsCheckingBuffer(bufnr('')))
        \ && l:waited < 60000
    sleep 100m
    let l:waited += 100
  endwhile
  let l:lines = map(getloclist(0), {_, e -> printf('%s:%d:%d: %s: %s',
        \ bufname(e.bufnr), e.lnum, e.col, e.type, e.text)})
  call writefile(l:lines + [l:waited < 60000 ? 'ALE finished' : 'ALE timed out'],
        \ $RESULT)
endfunction
