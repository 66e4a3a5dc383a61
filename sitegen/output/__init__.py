"""Write the result: minify HTML, stage beside the output directory, swap at the end."""
